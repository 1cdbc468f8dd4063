import "server-only";
import type { ComposeProblem } from "./parse-compose.ts";

export { describeCauses } from "../contract.ts";

/** One cause of a template's problems, with every place it shows and how to fix it. */
export type ProblemCause = {
  /** The required variable behind it, if that is the cause. */
  variable: string | null;
  message: string;
  /** What to do, in words; null where the message already says it. */
  fix: string | null;
  /** The services it stops, in the order they appear. */
  services: string[];
  occurrences: { path: string; line: number | null }[];
};

/** Where a missing variable can be set: the template's .env file (its path), or the .env sent with a file to validate. */
export type VariableSource = { kind: "template"; envFile: string } | { kind: "upload" };

function serviceOf(path: string): string | null {
  const m = /^services\.([^.[\]]+)/.exec(path);
  return m ? m[1]! : null;
}

function variableFix(name: string, hint: string, where: VariableSource): string {
  // The file's own hint ("set X (at least 8 characters)") says more than our words only when it adds something.
  const extra = hint && !new RegExp(`^set ${name}$`).test(hint.trim()) ? ` (the file says: ${hint.trim()})` : "";
  return where.kind === "template"
    ? `set ${name} in the environment of the Nexus app (then restart it) or in ${where.envFile}${extra}`
    : `set ${name} in the .env sent with the file (dotenv)${extra}`;
}

/**
 * Groups a Compose file's problems by cause: a required variable that is missing counts once however many services use
 * it; any other problem once per distinct message. Causes keep the order of their first occurrence.
 */
export function groupProblems(problems: readonly ComposeProblem[], where: VariableSource): ProblemCause[] {
  const causes = new Map<string, ProblemCause>();
  for (const p of problems) {
    const v = p.variable;
    const key = v ? `variable:${v.name}` : `message:${p.message}`;
    let cause = causes.get(key);
    if (!cause) {
      cause = v
        ? {
            variable: v.name,
            message: `required variable ${v.name} is ${v.reason}`,
            fix: variableFix(v.name, v.hint, where),
            services: [],
            occurrences: [],
          }
        : { variable: null, message: p.message, fix: null, services: [], occurrences: [] };
      causes.set(key, cause);
    }
    cause.occurrences.push({ path: p.path, line: p.line });
    const service = serviceOf(p.path);
    if (service && !cause.services.includes(service)) cause.services.push(service);
  }
  return [...causes.values()];
}
