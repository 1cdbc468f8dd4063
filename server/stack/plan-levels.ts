/**
 * Start order from `depends_on`: services in level 0 depend on nothing, level n only on levels < n.
 * Compose starts a level in parallel and the next once its conditions hold; stopping runs the levels
 * in reverse.
 */
import "server-only";
export type DependsOnCondition = "service_started" | "service_healthy" | "service_completed_successfully";
export type ServiceDeps = Record<string, Record<string, DependsOnCondition>>;
export type PlanProblem = { path: string; message: string };

/** `depends_on` in either Compose form (list, or map with conditions) as target → condition. */
export function normalizeDependsOn(raw: unknown): Record<string, DependsOnCondition> {
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((s) => [String(s), "service_started" as const]));
  if (raw && typeof raw === "object") {
    return Object.fromEntries(
      Object.entries(raw as Record<string, { condition?: DependsOnCondition } | null>).map(([k, v]) => [
        k,
        v?.condition ?? "service_started",
      ]),
    );
  }
  return {};
}

/** Every dependency cycle once, as the list of services along it (first repeated at the end). */
export function findCycles(deps: ServiceDeps): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const seen = new Set<string>();
  const visit = (s: string) => {
    state.set(s, "visiting");
    stack.push(s);
    for (const t of Object.keys(deps[s] ?? {}).sort()) {
      if (!(t in deps)) continue;
      if (state.get(t) === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(t)), t];
        const key = [...cycle.slice(0, -1)].sort().join(",");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(s, "done");
  };
  for (const s of Object.keys(deps).sort()) if (!state.has(s)) visit(s);
  return cycles;
}

/** Levels of service names (sorted within a level), or the problems that make a plan impossible. */
export function planLevels(deps: ServiceDeps): { levels: string[][]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  for (const [s, targets] of Object.entries(deps)) {
    for (const t of Object.keys(targets)) {
      if (!(t in deps))
        problems.push({
          path: `services.${s}.depends_on.${t}`,
          message: `depends on ${t}, which is not a service of this file`,
        });
      if (t === s) problems.push({ path: `services.${s}.depends_on.${t}`, message: `${s} depends on itself` });
    }
  }
  for (const cycle of findCycles(deps)) {
    if (cycle.length > 2)
      problems.push({ path: `services.${cycle[0]}.depends_on`, message: `dependency cycle: ${cycle.join(" → ")}` });
  }
  if (problems.length) return { levels: [], problems };
  const level = new Map<string, number>();
  const depth = (s: string): number => {
    const known = level.get(s);
    if (known !== undefined) return known;
    const d = Math.max(-1, ...Object.keys(deps[s] ?? {}).map(depth)) + 1;
    level.set(s, d);
    return d;
  };
  const levels: string[][] = [];
  for (const s of Object.keys(deps).sort()) (levels[depth(s)] ??= []).push(s);
  return { levels: levels.map((l) => l.sort()), problems };
}
