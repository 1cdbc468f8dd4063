/** "3 min ago", "in 2 days": relative to now, for timestamps in tables. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  for (const [unit, ms] of units) if (abs >= ms || unit === "second") return rtf.format(Math.round(diff / ms), unit);
  return "now";
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" }) : "—";
}

/** The mark for a number nobody reported: unknown is not zero. */
export const ABSENT = "—";

type NumberOptions = { digits?: number; unit?: string; compact?: boolean };

const isKnown = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n);

/**
 * A possibly absent number for display: "—" when it was not reported, else grouped ("12,345"), with fixed
 * `digits`, compact ("11.8k") and a unit ("3.5 s") when asked. Every page formats counts through this.
 */
export function formatNumber(n: number | null | undefined, { digits, unit, compact }: NumberOptions = {}): string {
  if (!isKnown(n)) return ABSENT;
  const text = compact
    ? compactNumber(n)
    : n.toLocaleString(
        "en",
        digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
      );
  return unit ? `${text} ${unit}` : text;
}

function compactNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** The sum of the values that were reported, or null when none was: a total of nothing known is unknown. */
export function sumKnown(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter(isKnown);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** "3/5", with "—" for a side that is unknown. */
export function formatRatio(a: number | null | undefined, b: number | null | undefined): string {
  return `${formatNumber(a)}/${formatNumber(b)}`;
}
