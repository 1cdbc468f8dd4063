// The compose driver's configs and secrets: as `docker compose` does for file-based ones, a read-only bind mount of
// the file at the target (secrets at /run/secrets/<name>, configs at /<name> by default).
import "server-only";
import { ValidationError } from "../errors.ts";
import { allRefs } from "./compose/file-objects.ts";
import { composeObjectChecks } from "./compose/object-checks.ts";
import type { ParsedCompose } from "./compose/parse-compose.ts";
import { objectFilePath, objectFileProblems } from "./object-files.ts";

/** Per service, its bind mounts; refuses (400) what the compose driver cannot do and files missing or outside `dir`. */
export function composeObjectBinds(compose: ParsedCompose, dir: string): (service: string) => string[] {
  const blocking = [
    ...composeObjectChecks(compose).filter((c) => c.severity === "error"),
    ...objectFileProblems(compose.objects, compose.services, dir),
  ];
  if (blocking.length)
    throw new ValidationError(
      "the Compose file's configs or secrets cannot be mounted",
      blocking.map((p) => ({ path: p.path, message: p.message })),
    );
  const defs = new Map(compose.objects.map((d) => [`${d.kind}:${d.name}`, d]));
  return (service) =>
    allRefs(service, compose.services[service] ?? {}).map(
      (r) => `${objectFilePath(defs.get(`${r.kind}:${r.source}`)!, dir)}:${r.target}:ro`,
    );
}
