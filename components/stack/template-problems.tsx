"use client";
import type { StackSummary } from "@/server/stack/contract";

/** The template's problems by cause: what is wrong, which services it stops, and how to fix it. */
export function TemplateProblems({ stack }: { stack: StackSummary }) {
  if (!stack.causes.length) return null;
  return (
    <ul className="mb-3 space-y-2 text-sm [overflow-wrap:anywhere]" aria-label="Template problems">
      {stack.causes.map((c) => (
        <li
          key={c.variable ?? c.message}
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 dark:border-red-900 dark:bg-red-950/40"
        >
          <p className="font-medium text-red-800 dark:text-red-200">
            {c.message}
            {c.services.length > 0 && (
              <span className="font-normal text-red-700 dark:text-red-300"> · needed by {c.services.join(", ")}</span>
            )}
          </p>
          {c.fix && <p className="mt-0.5 text-zinc-700 dark:text-zinc-300">Fix: {c.fix}.</p>}
          <p className="mt-0.5 text-xs text-zinc-500">
            {c.occurrences.map((o) => `${o.path}${o.line ? ` (line ${o.line})` : ""}`).join(", ")}
          </p>
        </li>
      ))}
    </ul>
  );
}

type Check = StackSummary["swarmChecks"][number];

/**
 * What a driver cannot honour in the template (errors refuse a start under it) or does differently, per service: the
 * swarm driver's list unless the stack runs under compose, the compose driver's unless it runs under swarm.
 */
export function DriverChecks({ stack }: { stack: StackSummary }) {
  return (
    <>
      {stack.driver !== "compose" && <ChecksOf title="Under Swarm" label="Swarm checks" checks={stack.swarmChecks} />}
      {stack.driver !== "swarm" && (
        <ChecksOf title="Under Compose" label="Compose checks" checks={stack.composeChecks} />
      )}
    </>
  );
}

function ChecksOf({ title, label, checks }: { title: string; label: string; checks: Check[] }) {
  if (!checks.length) return null;
  const errors = checks.filter((c) => c.severity === "error").length;
  return (
    <details className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm dark:border-amber-900 dark:bg-amber-950/30">
      <summary className="cursor-pointer font-medium text-amber-900 dark:text-amber-200">
        {title}: {checks.length - errors} warning{checks.length - errors === 1 ? "" : "s"}
        {errors ? `, ${errors} error${errors === 1 ? "" : "s"}` : ""}
      </summary>
      <ul className="mt-2 space-y-1 [overflow-wrap:anywhere]" aria-label={label}>
        {checks.map((c) => (
          <li
            key={c.path}
            className={c.severity === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}
          >
            <span className="font-mono text-xs">{c.service}</span> · {c.message.replace(`${c.service}: `, "")}
          </li>
        ))}
      </ul>
    </details>
  );
}
