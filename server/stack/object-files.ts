// The files of file-based configs and secrets, under the template folder: where they are, what is wrong with them,
// their content. Contents are never logged or returned: only names, paths and sizes appear in messages.
import "server-only";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { ValidationError } from "../errors.ts";
import type { ComposeProblem } from "./compose/parse-compose.ts";
import { allRefs, type ObjectDef, relativeFile, SWARM_OBJECT_LIMIT, usedDefs } from "./compose/file-objects.ts";

type Services = Record<string, Record<string, unknown>>;

/** The file's absolute path when it is a regular file inside the folder (symlinks resolved), or why not. */
export function locateFile(dir: string, file: string): { path: string; size: number } | { error: string } {
  const rel = relativeFile(file);
  if (rel === null) return { error: `file ${file} is outside the template folder (refused: only files under it)` };
  let real: string;
  let root: string;
  try {
    root = realpathSync(/*turbopackIgnore: true*/ dir);
    real = realpathSync(/*turbopackIgnore: true*/ join(dir, rel));
  } catch {
    return { error: `file ${file} does not exist in the template folder` };
  }
  if (!real.startsWith(root + sep))
    return { error: `file ${file} leads outside the template folder (a symlink; refused)` };
  const st = statSync(/*turbopackIgnore: true*/ real);
  if (!st.isFile()) return { error: `file ${file} is not a regular file` };
  return { path: real, size: st.size };
}

const usersOf = (d: ObjectDef, services: Services) =>
  Object.entries(services)
    .filter(([n, s]) => s && allRefs(n, s).some((r) => r.kind === d.kind && r.source === d.name))
    .map(([n]) => n);

/** Per used file-based definition: a missing file, one outside the folder, one past Swarm's 500 KB. */
export function objectFileProblems(defs: ObjectDef[], services: Services, dir: string): ComposeProblem[] {
  return usedDefs(defs, services).flatMap((d): ComposeProblem[] => {
    if (d.file === null) return [];
    const at = (message: string): ComposeProblem[] => [
      {
        path: `${d.kind}s.${d.name}.file`,
        line: d.line,
        message: `${d.kind} ${d.name} (used by ${usersOf(d, services).join(", ")}): ${message}`,
      },
    ];
    const found = locateFile(dir, d.file);
    if ("error" in found) return at(found.error);
    if (found.size > SWARM_OBJECT_LIMIT)
      return at(`file ${d.file} is ${found.size} bytes; Swarm takes at most ${SWARM_OBJECT_LIMIT} (500 KB)`);
    return [];
  });
}

/** The absolute path of a file-based definition's file; a ValidationError naming what is wrong otherwise. */
export function objectFilePath(d: ObjectDef, dir: string): string {
  const found = d.file === null ? { error: "has no file" } : locateFile(dir, d.file);
  if ("error" in found)
    throw new ValidationError(`${d.kind} ${d.name}: ${found.error}`, [
      { path: `${d.kind}s.${d.name}.file`, message: found.error },
    ]);
  return found.path;
}

/** The content of a file-based definition (for a Swarm object), checked as objectFileProblems does. */
export function readObjectFile(d: ObjectDef, dir: string): Buffer {
  const data = readFileSync(/*turbopackIgnore: true*/ objectFilePath(d, dir));
  if (data.length > SWARM_OBJECT_LIMIT)
    throw new ValidationError(`${d.kind} ${d.name}: file is larger than 500 KB`, [
      { path: `${d.kind}s.${d.name}.file`, message: `${data.length} bytes; Swarm takes at most 500 KB` },
    ]);
  return data;
}
