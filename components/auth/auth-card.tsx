import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/layout/theme-toggle";

/** The centred card of the pages outside the console: sign-in and no-access. */
export function AuthCard({ subtitle, children }: { subtitle: string; children: ReactNode }) {
  return (
    <main className="relative flex min-h-screen items-center justify-center bg-gradient-to-br from-zinc-100 to-indigo-50 px-4 py-16 dark:from-zinc-950 dark:to-indigo-950/40">
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 shadow-lg sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-6 flex items-center gap-3">
          <span className="grid size-9 shrink-0 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white">
            N
          </span>
          <div>
            <h1 className="text-lg font-semibold leading-tight">Nexus Control Plane</h1>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{subtitle}</p>
          </div>
        </div>
        {children}
      </div>
    </main>
  );
}
