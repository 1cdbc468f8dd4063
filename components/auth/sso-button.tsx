import { KeyRound } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** The provider's sign-in button: a plain link, since the browser must leave for the provider. */
export function SsoButton({ name, next, primary }: { name: string; next?: string; primary: boolean }) {
  const href = `/api/v1/auth/oidc/login${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <a
      href={href}
      className={cn(
        "inline-flex h-10 w-full items-center justify-center gap-2 rounded-md px-3.5 text-sm font-medium transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500",
        primary
          ? "bg-indigo-600 text-white hover:bg-indigo-500"
          : "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
      )}
    >
      <KeyRound className="size-4 shrink-0" aria-hidden />
      <span className="truncate">Sign in with {name}</span>
    </a>
  );
}
