import { dateTime, relativeTime } from "./format";

/** "3 min ago", with the exact time on hover; server and browser may differ by a second, which is not an error. */
export function RelTime({ iso, prefix = "" }: { iso: string | null | undefined; prefix?: string }) {
  return (
    <time dateTime={iso ?? undefined} title={dateTime(iso)} suppressHydrationWarning>
      {prefix}
      {relativeTime(iso)}
    </time>
  );
}
