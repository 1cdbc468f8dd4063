import "server-only";
import { createHash } from "node:crypto";
import type { CreateSpec } from "../adapters/docker/index.ts";
import type { ComposeService } from "./compose/parse-compose.ts";
import { normalizeDependsOn } from "./plan-levels.ts";

/** Label keys Docker Compose writes, so `docker compose -p <project> ps` sees our containers. */
export const LABEL = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  version: "com.docker.compose.version",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  dependsOn: "com.docker.compose.depends_on",
  image: "com.docker.compose.image",
} as const;
// Compose reads this as the version of the Compose that created the container; it must be semver.
const COMPOSE_VERSION = "2.29.0";

/** Compose durations ("1m30s", "500ms", "2s") in nanoseconds, as the Engine API wants them. */
export function durationNs(d: unknown): number | undefined {
  if (typeof d === "number") return d * 1e9;
  if (typeof d !== "string" || d.trim() === "") return undefined;
  const units: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  let total = 0;
  let rest = d.trim();
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/.exec(rest);
    if (!m) throw new Error(`invalid duration "${d}"`);
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Hash of a service's resolved config: a container is recreated exactly when this changes. */
export function configHash(service: ComposeService): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(service)))
    .digest("hex");
}

export function environment(env: unknown): string[] | undefined {
  if (Array.isArray(env)) return env.map(String);
  if (env && typeof env === "object") {
    return Object.entries(env as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`);
  }
  return undefined;
}

export function command(c: unknown): string[] | undefined {
  if (Array.isArray(c)) return c.map(String);
  if (typeof c === "string") return ["/bin/sh", "-c", c];
  return undefined;
}

export function healthcheck(h: unknown) {
  if (!h || typeof h !== "object") return undefined;
  const hc = h as {
    test?: unknown;
    interval?: unknown;
    timeout?: unknown;
    retries?: number;
    start_period?: unknown;
    disable?: boolean;
  };
  if (hc.disable) return { Test: ["NONE"] };
  const test =
    typeof hc.test === "string" ? ["CMD-SHELL", hc.test] : Array.isArray(hc.test) ? hc.test.map(String) : undefined;
  return {
    Test: test,
    Interval: durationNs(hc.interval),
    Timeout: durationNs(hc.timeout),
    Retries: hc.retries,
    StartPeriod: durationNs(hc.start_period),
  };
}

function mounts(project: string, volumes: unknown, workingDir: string): { binds: string[]; named: string[] } {
  const binds: string[] = [];
  const named: string[] = [];
  for (const v of Array.isArray(volumes) ? volumes : []) {
    if (typeof v !== "string") continue;
    const [source, target, mode] = v.split(":");
    if (!target) continue;
    if (source!.startsWith(".") || source!.startsWith("/")) {
      const abs = source!.startsWith(".") ? `${workingDir}/${source!.replace(/^\.\//, "")}` : source!;
      binds.push([abs, target, mode].filter(Boolean).join(":"));
    } else {
      named.push(`${project}_${source}`);
      binds.push([`${project}_${source}`, target, mode].filter(Boolean).join(":"));
    }
  }
  return { binds, named };
}

/** How long `stop` waits before killing: the service's stop_grace_period, 10 s by default (as Compose). */
export function stopGraceSeconds(s: ComposeService): number {
  return Math.round((durationNs(s.stop_grace_period) ?? 10e9) / 1e9);
}

export type ServicePlan = { spec: CreateSpec; hash: string; namedVolumes: string[]; stopGraceSeconds: number };

/** The Engine API create request for one Compose service of a project. */
export function containerSpec(opts: {
  project: string;
  name: string;
  service: ComposeService;
  workingDir: string;
  configFile: string;
  /** Read-only bind mounts of the service's file-based configs and secrets ("<host file>:<target>:ro"). */
  objectBinds?: string[];
}): ServicePlan {
  const { project, name, service: s } = opts;
  const hash = configHash(s);
  const { binds: volumeBinds, named } = mounts(project, s.volumes, opts.workingDir);
  const binds = [...volumeBinds, ...(opts.objectBinds ?? [])];
  const deps = normalizeDependsOn(s.depends_on);
  const ownLabels =
    s.labels && typeof s.labels === "object" && !Array.isArray(s.labels) ? (s.labels as Record<string, string>) : {};
  const grace = stopGraceSeconds(s);
  const cpus = s.cpus !== undefined ? Number(s.cpus) : undefined;
  const memory =
    typeof s.mem_limit === "string"
      ? parseBytes(s.mem_limit)
      : typeof s.mem_limit === "number"
        ? s.mem_limit
        : undefined;
  return {
    hash,
    namedVolumes: named,
    stopGraceSeconds: grace,
    spec: {
      name: typeof s.container_name === "string" ? s.container_name : `${project}-${name}-1`,
      Image: String(s.image),
      Cmd: command(s.command),
      Entrypoint: command(s.entrypoint),
      Env: environment(s.environment),
      WorkingDir: typeof s.working_dir === "string" ? s.working_dir : undefined,
      User: typeof s.user === "string" ? s.user : undefined,
      Healthcheck: healthcheck(s.healthcheck),
      StopTimeout: grace,
      Labels: {
        ...ownLabels,
        [LABEL.project]: project,
        [LABEL.service]: name,
        [LABEL.number]: "1",
        [LABEL.oneoff]: "False",
        [LABEL.configHash]: hash,
        [LABEL.version]: COMPOSE_VERSION,
        [LABEL.workingDir]: opts.workingDir,
        [LABEL.configFiles]: opts.configFile,
        [LABEL.image]: String(s.image),
        [LABEL.dependsOn]: Object.entries(deps)
          .map(([t, c]) => `${t}:${c}:false`)
          .join(","),
      },
      HostConfig: {
        NetworkMode: typeof s.network_mode === "string" ? s.network_mode : `${project}_default`,
        Init: s.init === true ? true : undefined,
        Binds: binds.length ? binds : undefined,
        RestartPolicy:
          typeof s.restart === "string" ? { Name: s.restart === "no" ? "" : s.restart.split(":")[0]! } : undefined,
        NanoCpus: cpus ? Math.round(cpus * 1e9) : undefined,
        Memory: memory,
      },
    },
  };
}

/** "512m", "2g", "1024k" → bytes. */
export function parseBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i.exec(s.trim());
  if (!m) throw new Error(`invalid size "${s}"`);
  const mult: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  return Math.round(Number(m[1]) * mult[m[2]!.toLowerCase()]!);
}
