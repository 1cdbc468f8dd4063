// A stack's Swarm configs and secrets: immutable objects named by their content (<stack>_<name>-<hash>), labelled with
// the stack namespace so `docker stack rm` removes them too; a changed file is a new object the service rolls to.
import "server-only";
import { createHash } from "node:crypto";
import type { ContainerEngine } from "../../adapters/docker/index.ts";
import { ValidationError } from "../../errors.ts";
import { type ObjectDef, usedDefs } from "../compose/file-objects.ts";
import type { ParsedCompose } from "../compose/parse-compose.ts";
import { readObjectFile } from "../object-files.ts";
import { STACK_LABEL } from "./service-spec.ts";

/** Ours: the Compose name of the definition an object was made from. */
export const OBJECT_LABEL = "io.nexus.stack.object";

/** Per `<kind>:<name>` of the file: the object's id and name in the swarm. */
export type StackObjects = Map<string, { id: string; name: string }>;

/** `<stack>_<name>-<first 12 hex of the content's sha256>` (Swarm keeps names to 64 characters). */
export function objectName(stack: string, name: string, data: Buffer): string {
  const hash = createHash("sha256").update(data).digest("hex").slice(0, 12);
  return `${`${stack}_${name}`.slice(0, 64 - 13)}-${hash}`;
}

async function ensureOne(engine: ContainerEngine, stack: string, d: ObjectDef, dir: string) {
  if (d.external) {
    const id = await engine.swarm.objectId(d.kind, d.externalName);
    if (!id)
      throw new ValidationError(`external ${d.kind} ${d.externalName} does not exist in the swarm`, [
        { path: `${d.kind}s.${d.name}`, message: `create it first: docker ${d.kind} create ${d.externalName} <file>` },
      ]);
    return { id, name: d.externalName };
  }
  const data = readObjectFile(d, dir);
  const name = objectName(stack, d.name, data);
  const labels = { [STACK_LABEL.namespace]: stack, [OBJECT_LABEL]: d.name };
  return { id: await engine.swarm.ensureConfig(d.kind, name, data, labels), name };
}

/** Creates the objects the stack's services use (an unchanged file reuses its object); their ids and names. */
export async function ensureStackObjects(
  engine: ContainerEngine,
  stack: string,
  compose: Pick<ParsedCompose, "objects" | "services">,
  dir: string,
): Promise<StackObjects> {
  const out: StackObjects = new Map();
  for (const d of usedDefs(compose.objects, compose.services))
    out.set(`${d.kind}:${d.name}`, await ensureOne(engine, stack, d, dir));
  return out;
}

/** Removes the stack's configs and secrets no service uses any more (one still in use is left for the next time). */
export async function pruneStackObjects(engine: ContainerEngine, stack: string, keep: StackObjects): Promise<string[]> {
  const kept = new Set([...keep.values()].map((o) => o.id));
  const removed: string[] = [];
  for (const kind of ["config", "secret"] as const)
    for (const o of await engine.swarm.listObjects(kind, { [STACK_LABEL.namespace]: stack }))
      if (!kept.has(o.id) && (await engine.swarm.removeObject(kind, o.id))) removed.push(o.name);
  return removed;
}
