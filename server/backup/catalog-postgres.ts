import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, stat } from "node:fs/promises";
import type { ContainerEngine, ContainerExec } from "../adapters/docker/index.ts";
import { DependencyUnavailableError, NotFoundError } from "../errors.ts";
import type { RestoreItem } from "./contract.ts";

export type CatalogSource = { stack: string; service: string; database?: string };
export type CatalogDeps = { engine: ContainerEngine; exec: ContainerExec };

/**
 * pg_dump and pg_restore run inside the service's own container (the seed's `docker exec nexus-postgres pg_dump`), so
 * the client matches the server's version and the password never leaves the container: the commands read the
 * official image's POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (and PGPORT) from its environment.
 */
const CONNECT =
  'export PGPASSWORD="$POSTGRES_PASSWORD" PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${POSTGRES_USER:-postgres}"; db="${1:-${POSTGRES_DB:-$PGUSER}}"; shift;';

const sh = (script: string, database: string | undefined, ...args: string[]) => [
  "sh",
  "-c",
  `${CONNECT} ${script}`,
  "sh",
  database ?? "",
  ...args,
];

/** The running container of stack/service (Compose labels), or a 404 naming it. */
export async function findServiceContainer(engine: ContainerEngine, src: CatalogSource): Promise<string> {
  const found = await engine.listByLabels({
    "com.docker.compose.project": src.stack,
    "com.docker.compose.service": src.service,
  });
  const running = found.find((c) => c.status === "running");
  if (running) return running.id;
  if (found.length) throw new DependencyUnavailableError("postgres", `${src.stack}/${src.service} is not running`);
  throw new NotFoundError(`no container of service ${src.service} in stack ${src.stack}`);
}

/** pg_dump -Fc into `file` (written under a temporary name, renamed when complete); returns its size. */
export async function dumpCatalog(
  deps: CatalogDeps,
  src: CatalogSource,
  file: string,
  signal: AbortSignal,
): Promise<number> {
  const container = await findServiceContainer(deps.engine, src);
  const partial = `${file}.partial`;
  const res = await deps.exec.run(container, sh('exec pg_dump -Fc --no-owner -d "$db"', src.database), {
    stdout: createWriteStream(partial),
    signal,
  });
  if (res.exitCode !== 0) throw new DependencyUnavailableError("postgres", `pg_dump failed: ${tail(res.stderr)}`);
  await rename(partial, file);
  return (await stat(file)).size;
}

/** pg_restore --clean of the archive into the database: the archive's objects are dropped and recreated. */
export async function restoreCatalog(
  deps: CatalogDeps,
  src: CatalogSource,
  file: string,
  signal: AbortSignal,
): Promise<void> {
  const container = await findServiceContainer(deps.engine, src);
  const res = await deps.exec.run(
    container,
    sh('exec pg_restore --clean --if-exists --no-owner --single-transaction -d "$db"', src.database),
    { stdin: createReadStream(file), signal },
  );
  if (res.exitCode !== 0) throw new DependencyUnavailableError("postgres", `pg_restore failed: ${tail(res.stderr)}`);
}

/** The tables of the archive (pg_restore -l) against the database's tables now (rows and size). */
export async function planCatalogRestore(
  deps: CatalogDeps,
  src: CatalogSource,
  file: string,
  signal: AbortSignal,
): Promise<RestoreItem[]> {
  const container = await findServiceContainer(deps.engine, src);
  const toc = await deps.exec.run(container, sh("exec pg_restore -l", src.database), {
    stdin: createReadStream(file),
    signal,
  });
  if (toc.exitCode !== 0) throw new DependencyUnavailableError("postgres", `pg_restore -l failed: ${tail(toc.stderr)}`);
  const inBackup = new Set(
    (toc.output ?? "")
      .split("\n")
      .map((l) => /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]}.${m[2]}`),
  );
  const query =
    "select schemaname||'.'||relname, n_live_tup, pg_total_relation_size(relid) from pg_stat_user_tables order by 1";
  const now = await deps.exec.run(container, sh('exec psql -XAt -F "\t" -d "$db" -c "$1"', src.database, query), {
    signal,
  });
  if (now.exitCode !== 0) throw new DependencyUnavailableError("postgres", `psql failed: ${tail(now.stderr)}`);
  const current = new Map(
    (now.output ?? "")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t"))
      .map(([t, rows, size]) => [t ?? "", { rows: Number(rows), size: Number(size) }] as const),
  );
  const items: RestoreItem[] = [...inBackup].map((t) => ({
    name: t,
    action: current.has(t) ? "overwrite" : "create",
    sizeBytes: current.get(t)?.size ?? null,
    rowsNow: current.get(t)?.rows ?? null,
    rowsInBackup: null,
  }));
  for (const [t, v] of current)
    if (!inBackup.has(t))
      items.push({ name: t, action: "untouched", sizeBytes: v.size, rowsNow: v.rows, rowsInBackup: null });
  return items;
}

const tail = (s: string) => s.trim().split("\n").slice(-3).join(" ").slice(0, 500) || "no error output";
