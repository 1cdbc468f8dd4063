import "server-only";
import { parse as parseDotenv } from "dotenv";
import { isMap, LineCounter, parseDocument, type Document } from "yaml";
import { ValidationError } from "../../errors.ts";
import { type ObjectDef, objectProblems, readDefs } from "./file-objects.ts";
import { findHostPortClashes } from "./host-ports.ts";
import { imageReferenceErrors } from "./image-reference.ts";
import { InterpolationLimitError, interpolateDocument, type Env, type InterpolationProblem } from "./interpolate.ts";
import { validateComposeSchema } from "./validate-schema.ts";
import { normalizeDependsOn, planLevels, type ServiceDeps } from "../plan-levels.ts";

/** One problem in a Compose file: the path in the document, and its line when the path exists there. */
export type ComposeProblem = {
  path: string;
  line: number | null;
  message: string;
  variable?: InterpolationProblem["variable"];
};

export type ComposeService = {
  image?: string;
  network_mode?: string;
  ports?: unknown[];
  expose?: unknown[];
  depends_on?: unknown;
  [key: string]: unknown;
};
export type ParsedCompose = {
  name: string | null;
  services: Record<string, ComposeService>;
  levels: string[][];
  problems: ComposeProblem[];
  /** Services left out because none of their `profiles` is active (COMPOSE_PROFILES), as `docker compose` does. */
  inactive: string[];
  /** Top-level configs and secrets (their sources, never their contents). */
  objects: ObjectDef[];
};

/**
 * How many alias expansions a document may have, weighted by the aliases inside each (the `yaml` package's count).
 * A "billion laughs" file needs thousands; our templates use a handful of `<<: *common` merges.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

function readYaml(yaml: string): { doc: Document.Parsed; lineOf: (path: string) => number | null } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  const lineOf = (path: string): number | null => {
    const node = doc.getIn(pathSegments(path), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
    const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
    return parent ? lineOf(parent) : null;
  };
  return { doc, lineOf };
}

/** The document as plain data, interpolated; refuses an alias bomb or too deep nesting as a whole (ValidationError). */
function interpolateWithinLimits(doc: Document.Parsed, env: Env, lineOf: (path: string) => number | null) {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    // yaml throws a ReferenceError "Excessive alias count indicates a resource exhaustion attack".
    if (!(e instanceof ReferenceError)) throw e;
    throw new ValidationError(`the YAML expands aliases more than ${MAX_YAML_ALIAS_COUNT} times`, [
      { path: "", message: `too many alias expansions (at most ${MAX_YAML_ALIAS_COUNT}): ${e.message}` },
    ]);
  }
  try {
    return interpolateDocument(data, env);
  } catch (e) {
    if (!(e instanceof InterpolationLimitError)) throw e;
    const line = lineOf(e.problem.path);
    throw new ValidationError(`${e.problem.path}${line ? ` (line ${line})` : ""}: ${e.problem.message}`, [
      { path: e.problem.path, message: line ? `line ${line}: ${e.problem.message}` : e.problem.message },
    ]);
  }
}

/**
 * Reads a Compose file the way `docker compose config` would: YAML, `.env` then the environment for
 * interpolation (the environment wins), the Compose specification's JSON schema, and the checks that
 * make a plan impossible: unknown `depends_on` targets, cycles, services without an image, and
 * host-port clashes, and image references (the registry's grammar). Services of inactive profiles are left out.
 * Problems carry their path and line; nothing is thrown for bad input, except input past a safety limit (an alias
 * bomb, interpolation nested too deep): that is an attack or a mistake, refused as a whole with a ValidationError.
 */
export function parseCompose(opts: { yaml: string; dotenv?: string; env?: Env }): ParsedCompose {
  const { doc, lineOf } = readYaml(opts.yaml);
  const empty = (problems: ComposeProblem[]): ParsedCompose => ({
    name: null,
    services: {},
    levels: [],
    problems,
    inactive: [],
    objects: [],
  });

  if (doc.errors.length) {
    return empty(
      doc.errors.map((e) => ({ path: "", line: e.linePos?.[0]?.line ?? null, message: e.message.split("\n")[0]! })),
    );
  }
  if (!isMap(doc.contents))
    return empty([{ path: "", line: 1, message: "a Compose file is a mapping with a services key" }]);

  const env: Env = { ...(opts.dotenv ? parseDotenv(opts.dotenv) : {}), ...opts.env };
  const { value, problems: interpolation } = interpolateWithinLimits(doc, env, lineOf);
  const problems: ComposeProblem[] = [...interpolation, ...validateComposeSchema(value)].map((p) => ({
    ...p,
    line: lineOf(p.path),
  }));
  const root = value as { name?: unknown; services?: unknown };
  if (!root.services || typeof root.services !== "object" || Array.isArray(root.services)) {
    return empty([
      ...problems,
      {
        path: "services",
        line: lineOf("services"),
        message: "services must be a mapping of service names to definitions",
      },
    ]);
  }
  // Profiles: a service with `profiles` runs only when one of them is active.
  const active = new Set(
    (env.COMPOSE_PROFILES ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  );
  const all = root.services as Record<string, ComposeService>;
  const inactive = Object.keys(all).filter((n) => {
    const profiles = all[n] && typeof all[n] === "object" ? all[n].profiles : undefined;
    return Array.isArray(profiles) && profiles.length > 0 && !profiles.some((p) => active.has(String(p)));
  });
  const services = Object.fromEntries(Object.entries(all).filter(([n]) => !inactive.includes(n)));
  // A variable only a service of an inactive profile needs is no problem of this stack (docker compose does not ask for it).
  const isInactivePath = (path: string) =>
    inactive.some((n) => path === `services.${n}` || path.startsWith(`services.${n}.`));
  for (let i = problems.length - 1; i >= 0; i--)
    if (problems[i]!.variable && isInactivePath(problems[i]!.path)) problems.splice(i, 1);
  const deps: ServiceDeps = {};
  for (const [name, s] of Object.entries(services)) {
    if (!s || typeof s !== "object") {
      problems.push({
        path: `services.${name}`,
        line: lineOf(`services.${name}`),
        message: "a service must be a mapping",
      });
      continue;
    }
    if (!s.image && !s.build)
      problems.push({
        path: `services.${name}`,
        line: lineOf(`services.${name}`),
        message: `${name} has neither image nor build`,
      });
    deps[name] = normalizeDependsOn(s.depends_on);
  }
  for (const p of imageReferenceErrors(services)) problems.push({ ...p, line: lineOf(p.path) });
  const plan = planLevels(deps);
  const objects = readDefs(root, lineOf);
  const found = [...plan.problems, ...findHostPortClashes(services), ...objectProblems(objects, services)];
  for (const p of found) problems.push({ ...p, line: lineOf(p.path) });
  const name = typeof root.name === "string" ? root.name : null;
  return { name, services, levels: plan.levels, problems, inactive, objects };
}
