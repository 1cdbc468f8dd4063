import "server-only";
import Docker from "dockerode";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";

export type ContainerState = {
  id: string;
  name: string;
  status: string; // created | running | exited | …
  exitCode: number;
  health: "healthy" | "unhealthy" | "starting" | null;
  labels: Record<string, string>;
};

export type CreateSpec = Docker.ContainerCreateOptions & { name: string };

/** The narrow slice of the Docker Engine API the stack engine needs; every call is time-bounded. */
export type ContainerEngine = {
  ping(): Promise<void>;
  imageExists(ref: string): Promise<boolean>;
  listByLabels(labels: Record<string, string>): Promise<ContainerState[]>;
  create(spec: CreateSpec): Promise<string>;
  start(id: string): Promise<void>;
  stop(id: string, graceSeconds: number): Promise<void>;
  remove(id: string): Promise<void>;
  inspect(id: string): Promise<ContainerState>;
  ensureNetwork(name: string, labels: Record<string, string>): Promise<void>;
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  /** Removes the volumes and networks carrying these labels; returns their names. */
  removeVolumesAndNetworks(labels: Record<string, string>): Promise<string[]>;
};

const TIMEOUT_MS = 15_000;

function bounded<T>(what: string, p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyUnavailableError("docker", `${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type DockerError = { statusCode?: number; code?: string; message?: string; json?: { message?: string } };

/** Engine failures become our errors at the boundary: unreachable → 503, missing → 404, others kept. */
function translate(what: string, e: unknown): never {
  const err = e as DockerError;
  if (e instanceof DependencyUnavailableError) throw e;
  if (err.code === "ECONNREFUSED" || err.code === "ENOENT" || err.code === "EACCES") {
    throw new DependencyUnavailableError("docker", `cannot reach the Docker engine (${err.code})`, { cause: e });
  }
  if (err.statusCode === 404) throw new NotFoundError(`${what}: ${err.json?.message ?? "not found"}`);
  throw new Error(`${what}: ${err.json?.message ?? err.message ?? String(e)}`, { cause: e });
}

function toState(info: Docker.ContainerInspectInfo): ContainerState {
  const health = info.State.Health?.Status;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ""),
    status: info.State.Status,
    exitCode: info.State.ExitCode,
    health: health === "healthy" || health === "unhealthy" || health === "starting" ? health : null,
    labels: info.Config.Labels ?? {},
  };
}

export function createContainerEngine(opts: { socketPath?: string } = {}): ContainerEngine {
  const docker = new Docker({ socketPath: opts.socketPath ?? "/var/run/docker.sock" });
  const call = async <T>(what: string, fn: () => Promise<T>, ms?: number): Promise<T> => {
    try {
      return await bounded(what, fn(), ms);
    } catch (e) {
      translate(what, e);
    }
  };
  return {
    removeVolumesAndNetworks: (labels) =>
      call("remove volumes and networks", async () => {
        const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
        const removed: string[] = [];
        for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) {
          await docker.getVolume(v.Name).remove();
          removed.push(v.Name);
        }
        for (const n of await docker.listNetworks({ filters: { label } })) {
          await docker.getNetwork(n.Id).remove();
          removed.push(n.Name);
        }
        return removed;
      }),
    ping: () => call("ping", async () => void (await docker.ping()), 3000),
    imageExists: (ref) =>
      call(`image ${ref}`, async () => {
        try {
          await docker.getImage(ref).inspect();
          return true;
        } catch (e) {
          if ((e as DockerError).statusCode === 404) return false;
          throw e;
        }
      }),
    listByLabels: (labels) =>
      call("list containers", async () => {
        const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
        const list = await docker.listContainers({ all: true, filters });
        return Promise.all(list.map(async (c) => toState(await docker.getContainer(c.Id).inspect())));
      }),
    create: (spec) => call(`create ${spec.name}`, async () => (await docker.createContainer(spec)).id),
    start: (id) => call(`start ${id.slice(0, 12)}`, async () => void (await docker.getContainer(id).start())),
    stop: (id, graceSeconds) =>
      call(`stop ${id.slice(0, 12)}`, async () => {
        try {
          await docker.getContainer(id).stop({ t: graceSeconds });
        } catch (e) {
          if ((e as DockerError).statusCode !== 304) throw e; // already stopped
        }
      }, (graceSeconds + 10) * 1000),
    remove: (id) => call(`remove ${id.slice(0, 12)}`, async () => void (await docker.getContainer(id).remove({ force: true, v: false }))),
    inspect: (id) => call(`inspect ${id.slice(0, 12)}`, async () => toState(await docker.getContainer(id).inspect())),
    ensureNetwork: (name, labels) =>
      call(`network ${name}`, async () => {
        const found = await docker.listNetworks({ filters: { name: [name] } });
        if (!found.some((n) => n.Name === name)) await docker.createNetwork({ Name: name, Labels: labels, CheckDuplicate: true });
      }),
    ensureVolume: (name, labels) =>
      call(`volume ${name}`, async () => {
        try {
          await docker.getVolume(name).inspect();
        } catch (e) {
          if ((e as DockerError).statusCode !== 404) throw e;
          await docker.createVolume({ Name: name, Labels: labels });
        }
      }),
  };
}
