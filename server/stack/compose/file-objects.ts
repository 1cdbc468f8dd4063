// Compose's top-level `configs:` and `secrets:` and each service's use of them (short and long syntax), and the
// checks that need no driver: unknown names, definitions without a source, files outside the template folder.
import "server-only";
import { posix } from "node:path";

export type ObjectKind = "config" | "secret";
export const KINDS: readonly ObjectKind[] = ["config", "secret"];
/** Swarm refuses configs and secrets larger than this (500 KB). */
export const SWARM_OBJECT_LIMIT = 500 * 1024;

/** One top-level definition: where its content comes from, and the line of `<kind>s.<name>`. */
export type ObjectDef = {
  kind: ObjectKind;
  name: string;
  file: string | null;
  environment: string | null;
  external: boolean;
  /** `name:` of an external object (the object's name in the engine), else the key. */
  externalName: string;
  line: number | null;
};

/** One service's use of a definition; target is the absolute path in the container. */
export type ObjectRef = {
  kind: ObjectKind;
  source: string;
  target: string;
  uid: string | null;
  gid: string | null;
  mode: number | null;
  path: string;
};

type Problem = { path: string; message: string };

function toDef(kind: ObjectKind, name: string, raw: unknown, line: number | null): ObjectDef {
  const o = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  return {
    kind,
    name,
    file: typeof o.file === "string" ? o.file : null,
    environment: typeof o.environment === "string" ? o.environment : null,
    external: o.external === true,
    externalName: typeof o.name === "string" ? o.name : name,
    line,
  };
}

/** The top-level definitions of the document (already interpolated), with their lines. */
export function readDefs(root: unknown, lineOf: (path: string) => number | null): ObjectDef[] {
  const r = root && typeof root === "object" ? (root as Record<string, unknown>) : {};
  return KINDS.flatMap((kind) => {
    const section = r[`${kind}s`];
    if (!section || typeof section !== "object" || Array.isArray(section)) return [];
    return Object.entries(section).map(([name, raw]) => toDef(kind, name, raw, lineOf(`${kind}s.${name}`)));
  });
}

const defaultTarget = (kind: ObjectKind, name: string) => (kind === "secret" ? `/run/secrets/${name}` : `/${name}`);

function targetOf(kind: ObjectKind, source: string, target: unknown): string {
  if (typeof target !== "string" || target === "") return defaultTarget(kind, source);
  return target.startsWith("/") ? target : defaultTarget(kind, target);
}

/**
 * A mode as a number. YAML 1.2 reads `0440` as the decimal 440 (docker compose's YAML 1.1 as octal): a number whose
 * digits are all octal and at most 777 is read as the octal digits written; "0440" as a string is octal too.
 */
function modeOf(m: unknown): number | null {
  if (typeof m === "number" && Number.isInteger(m))
    return /^[0-7]{1,3}$/.test(String(m)) ? Number.parseInt(String(m), 8) : m;
  if (typeof m === "string" && /^0?[0-7]{1,4}$/.test(m)) return Number.parseInt(m, 8);
  return null;
}

/** What one service uses of a kind, short syntax (a name) and long ({source, target, uid, gid, mode}). */
export function serviceRefs(kind: ObjectKind, serviceName: string, service: Record<string, unknown>): ObjectRef[] {
  const list = service[`${kind}s`];
  return (Array.isArray(list) ? list : []).flatMap((item, i): ObjectRef[] => {
    const path = `services.${serviceName}.${kind}s[${i}]`;
    if (typeof item === "string")
      return [{ kind, source: item, target: defaultTarget(kind, item), uid: null, gid: null, mode: null, path }];
    if (!item || typeof item !== "object") return [];
    const o = item as Record<string, unknown>;
    if (typeof o.source !== "string") return [];
    return [
      {
        kind,
        source: o.source,
        target: targetOf(kind, o.source, o.target),
        uid: o.uid === undefined ? null : String(o.uid),
        gid: o.gid === undefined ? null : String(o.gid),
        mode: modeOf(o.mode),
        path,
      },
    ];
  });
}

export const allRefs = (serviceName: string, service: Record<string, unknown>) =>
  KINDS.flatMap((k) => serviceRefs(k, serviceName, service));

/** `file:` relative to the template folder, normalised; null when it leaves the folder (absolute, or `..` past it). */
export function relativeFile(file: string): string | null {
  if (file.startsWith("/") || file.includes("\0")) return null;
  const joined = posix.normalize(posix.join("/t", file));
  return joined.startsWith("/t/") ? joined.slice(3) : null;
}

function defProblems(d: ObjectDef): Problem[] {
  const path = `${d.kind}s.${d.name}`;
  const sources = [d.file !== null, d.environment !== null, d.external].filter(Boolean).length;
  if (sources === 0) return [{ path, message: `${d.kind} ${d.name} needs one of file, environment or external: true` }];
  if (sources > 1) return [{ path, message: `${d.kind} ${d.name} has more than one of file, environment, external` }];
  if (d.file !== null && relativeFile(d.file) === null)
    return [
      {
        path: `${path}.file`,
        message: `${d.kind} ${d.name}: file ${d.file} is outside the template folder (refused: only files under it)`,
      },
    ];
  return [];
}

/** Problems every driver has: definitions without a source or with a file outside the folder, unknown names. */
export function objectProblems(defs: ObjectDef[], services: Record<string, Record<string, unknown>>): Problem[] {
  const known = new Set(defs.map((d) => `${d.kind}:${d.name}`));
  const out = defs.flatMap(defProblems);
  for (const [name, s] of Object.entries(services)) {
    if (!s || typeof s !== "object") continue;
    for (const r of allRefs(name, s))
      if (!known.has(`${r.kind}:${r.source}`))
        out.push({ path: r.path, message: `${name}: no ${r.kind} named ${r.source} in the top-level ${r.kind}s` });
  }
  return out;
}

/** The definitions some service of the stack uses. */
export function usedDefs(defs: ObjectDef[], services: Record<string, Record<string, unknown>>): ObjectDef[] {
  const used = new Set(
    Object.entries(services).flatMap(([n, s]) => (s ? allRefs(n, s).map((r) => `${r.kind}:${r.source}`) : [])),
  );
  return defs.filter((d) => used.has(`${d.kind}:${d.name}`));
}
