import "server-only";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { getConfig } from "../config.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { parseCompose, type ParsedCompose } from "./compose/parse-compose.ts";
import { relativeFile, usedDefs } from "./compose/file-objects.ts";
import { TemplateMeta } from "./contract.ts";
import { objectFileProblems } from "./object-files.ts";

export type Template = { name: string; dir: string; file: string; meta: TemplateMeta; compose: ParsedCompose };

export function templatesDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.cwd(), getConfig().templatesDir);
}

export function listTemplateNames(dir = templatesDir()): string[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((d) => existsSync(/*turbopackIgnore: true*/ join(dir, d, "compose.yaml")))
    .sort();
}

/** Templates read with the process environment, kept until one of their files changes (keyed by directory). */
const cache = new Map<string, { stamp: string; template: Template }>();

/** The files a template's stamp watches: its own three, and the files of the configs and secrets it uses. */
function watched(t?: Template): string[] {
  const own = ["compose.yaml", "template.json", ".env"];
  return t
    ? [
        ...own,
        ...usedDefs(t.compose.objects, t.compose.services).flatMap((d) => (d.file && relativeFile(d.file)) || []),
      ]
    : own;
}

function stampOf(tdir: string, t?: Template): string {
  return watched(t)
    .map((f) => {
      try {
        return statSync(/*turbopackIgnore: true*/ join(tdir, f)).mtimeMs;
      } catch {
        return 0;
      }
    })
    .join("|");
}

/** The folder of an installed template; a 404 naming the installed ones when there is none of that name. */
export function templateFolder(name: string, dir = templatesDir()): string {
  const names = listTemplateNames(dir);
  if (!names.includes(name))
    throw new NotFoundError(`no template named ${name}; templates: ${names.join(", ") || "none"}`);
  return join(dir, name);
}

/**
 * A template with its compose file read, interpolated (its .env, then the process environment) and checked.
 * With the process environment the result is reused until a file of the template changes: the Stack page
 * polls and the health monitor asks every cycle, and parsing plus the schema check is the costly part.
 */
export function loadTemplate(
  name: string,
  env: Record<string, string | undefined> = process.env,
  dir = templatesDir(),
): Template {
  const tdir = templateFolder(name, dir);
  const cached = env === process.env;
  const hit = cached ? cache.get(tdir) : undefined;
  if (hit && hit.stamp === stampOf(tdir, hit.template)) return hit.template;
  const template = readTemplate(name, tdir, env);
  if (cached) cache.set(tdir, { stamp: stampOf(tdir, template), template });
  return template;
}

function readTemplate(name: string, tdir: string, env: Record<string, string | undefined>): Template {
  const file = join(tdir, "compose.yaml");
  const metaFile = join(tdir, "template.json");
  const metaRaw = existsSync(/*turbopackIgnore: true*/ metaFile)
    ? (JSON.parse(readFileSync(/*turbopackIgnore: true*/ metaFile, "utf8")) as unknown)
    : { title: name, description: "" };
  const meta = TemplateMeta.safeParse(metaRaw);
  if (!meta.success)
    throw new ValidationError(
      `${name}/template.json is invalid`,
      meta.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const dotenvFile = join(tdir, ".env");
  const compose = parseCompose({
    yaml: readFileSync(/*turbopackIgnore: true*/ file, "utf8"),
    dotenv: existsSync(/*turbopackIgnore: true*/ dotenvFile)
      ? readFileSync(/*turbopackIgnore: true*/ dotenvFile, "utf8")
      : undefined,
    env,
  });
  // Files of configs and secrets missing, outside the folder or too large are the template's problems (Stack page, up).
  compose.problems.push(...objectFileProblems(compose.objects, compose.services, tdir));
  return { name, dir: tdir, file, meta: meta.data, compose };
}
