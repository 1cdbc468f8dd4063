// Pure: per service, what each driver does not honour of its configs and secrets (errors refuse a deploy).
import "server-only";
import { allRefs, type ObjectDef, type ObjectRef } from "./file-objects.ts";
import type { ParsedCompose } from "./parse-compose.ts";

/** What a driver does not honour of a service: errors refuse a deploy with that driver, warnings say what changes. */
export type DriverCheck = { service: string; path: string; severity: "error" | "warning"; message: string };

type Facts = Pick<ParsedCompose, "services" | "objects">;
type Finding = { severity: DriverCheck["severity"]; message: string };

function eachRef(c: Facts, judge: (def: ObjectDef, ref: ObjectRef) => Finding[]): DriverCheck[] {
  const defs = new Map(c.objects.map((d) => [`${d.kind}:${d.name}`, d]));
  return Object.entries(c.services).flatMap(([name, s]) =>
    s && typeof s === "object"
      ? allRefs(name, s).flatMap((r) => {
          const d = defs.get(`${r.kind}:${r.source}`);
          return (d ? judge(d, r) : []).map((f) => ({
            service: name,
            path: r.path,
            severity: f.severity,
            message: `${name}: ${f.message}`,
          }));
        })
      : [],
  );
}

const ENVIRONMENT = "environment-based configs and secrets are not supported: put the value in a file (file: ./…)";

/** The compose driver bind-mounts file-based ones read-only, as `docker compose` does. */
export function composeObjectChecks(c: Facts): DriverCheck[] {
  return eachRef(c, (d, r) => {
    const out: Finding[] = [];
    if (d.external)
      out.push({ severity: "error", message: `${d.kind} ${d.name} is external: only the swarm driver has those` });
    if (d.environment !== null) out.push({ severity: "error", message: `${d.kind} ${d.name}: ${ENVIRONMENT}` });
    if (r.mode !== null || r.uid !== null || r.gid !== null)
      out.push({
        severity: "warning",
        message: `${d.kind} ${d.name} is a read-only bind mount of the file: uid, gid and mode are not applied (the file's own owner and mode show)`,
      });
    return out;
  });
}

/** The swarm driver makes Swarm config and secret objects; external ones must exist in the swarm already. */
export function swarmObjectChecks(c: Facts): DriverCheck[] {
  return eachRef(c, (d) =>
    d.environment !== null ? [{ severity: "error", message: `${d.kind} ${d.name}: ${ENVIRONMENT}` }] : [],
  );
}
