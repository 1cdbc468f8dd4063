import "server-only";
import Docker from "dockerode";
import { setTimeout as sleep } from "node:timers/promises";
import { bounded, call, type Call, type DockerError, TIMEOUT_MS } from "./call.ts";
import { createSwarmEngine, type SwarmEngine } from "./swarm.ts";
import { demuxLogFrames, drain, statsSample, type LogLine, type RawStats, type StatsSample } from "./streams.ts";
import { hostPathMapper } from "./host-paths.ts";

export type { LogLine, StatsSample } from "./streams.ts";

export type ContainerState = {
  id: string;
  name: string;
  status: string; // created | running | exited | …
  exitCode: number;
  health: "healthy" | "unhealthy" | "starting" | null;
  labels: Record<string, string>;
  /** When the container last started (null if it never did). */
  startedAt: string | null;
  /** Published host ports ("9092/tcp" style for host networking: the exposed ones). */
  ports: string[];
};

/** Pull progress of one image: bytes over all layers seen so far, and the last status line. */
export type PullProgress = {
  image: string;
  currentBytes: number;
  totalBytes: number;
  layers: number;
  layersDone: number;
  status: string;
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
  /**
   * Pulls an image from its registry, reporting progress. Fails (with the registry's or the network's words)
   * when it cannot start within `startTimeoutMs` or the pull fails.
   */
  pull(
    image: string,
    opts: { signal?: AbortSignal; startTimeoutMs?: number },
    onProgress: (p: PullProgress) => void,
  ): Promise<void>;
  /** A container's log lines (the last `tail`, then new ones while `follow`) until the stream ends or `signal` aborts. */
  logs(
    id: string,
    opts: { tail: number; follow: boolean; signal: AbortSignal },
    onLine: (l: LogLine) => void,
  ): Promise<void>;
  /** Docker's stats stream for a container (one sample a second) until `signal` aborts or the container stops. */
  stats(id: string, signal: AbortSignal, onSample: (s: StatsSample) => void): Promise<void>;
  /** The same engine's Swarm side: services, tasks, nodes, configs, secrets (a 409 when it is not a swarm manager). */
  swarm: SwarmEngine;
};

function toState(info: Docker.ContainerInspectInfo): ContainerState {
  const health = info.State.Health?.Status;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ""),
    status: info.State.Status,
    exitCode: info.State.ExitCode,
    health: health === "healthy" || health === "unhealthy" || health === "starting" ? health : null,
    labels: info.Config.Labels ?? {},
    startedAt: info.State.StartedAt && !info.State.StartedAt.startsWith("0001-") ? info.State.StartedAt : null,
    ports:
      info.HostConfig.NetworkMode === "host"
        ? Object.keys(info.Config.ExposedPorts ?? {}).sort()
        : Object.entries(info.NetworkSettings.Ports ?? {})
            .flatMap(([port, binds]) =>
              (binds ?? []).map(
                (b) => `${b.HostIp && b.HostIp !== "0.0.0.0" ? `${b.HostIp}:` : ""}${b.HostPort}->${port}`,
              ),
            )
            .sort(),
  };
}

/** Pulls an image, reporting progress summed over its layers; cancelled by the signal. */
async function pullImage(
  docker: Docker,
  image: string,
  o: { signal?: AbortSignal; startTimeoutMs?: number },
  onProgress: (p: PullProgress) => void,
): Promise<void> {
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  let stream: NodeJS.ReadableStream;
  try {
    stream = await bounded(
      `pull ${image}`,
      docker.pull(image) as Promise<NodeJS.ReadableStream>,
      o.startTimeoutMs ?? 30_000,
    );
  } catch (e) {
    const err = e as DockerError;
    throw new Error(`cannot pull ${image}: ${err.json?.message ?? err.message ?? String(e)}`, { cause: e });
  }
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      reject(new Error(`pull of ${image} cancelled`));
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        o.signal?.removeEventListener("abort", onAbort);
        if (err) reject(new Error(`cannot pull ${image}: ${err.message}`));
        else resolve();
      },
      (ev: { id?: string; status?: string; error?: string; progressDetail?: { current?: number; total?: number } }) => {
        if (ev.error) return; // followProgress reports it as the final error
        if (ev.id && ev.status) {
          const l = layers.get(ev.id) ?? { current: 0, total: 0, done: false };
          if (ev.progressDetail?.total) {
            l.total = ev.progressDetail.total;
            l.current = ev.progressDetail.current ?? l.current;
          }
          if (/^(Pull complete|Already exists|Download complete)$/.test(ev.status)) {
            l.done = ev.status !== "Download complete" || l.done;
            if (l.total) l.current = l.total;
          }
          layers.set(ev.id, l);
        }
        const all = [...layers.values()];
        onProgress({
          image,
          currentBytes: all.reduce((a, l) => a + l.current, 0),
          totalBytes: all.reduce((a, l) => a + l.total, 0),
          layers: all.length,
          layersDone: all.filter((l) => l.done).length,
          status: ev.status ?? "",
        });
      },
    );
  });
}

async function readLogs(
  docker: Docker,
  call: Call,
  id: string,
  o: { tail: number; follow: boolean; signal: AbortSignal },
  onLine: (l: LogLine) => void,
): Promise<void> {
  const c = docker.getContainer(id);
  const demux = demuxLogFrames(onLine);
  if (!o.follow) {
    const buf = await call(`logs ${id.slice(0, 12)}`, () =>
      c.logs({ stdout: true, stderr: true, timestamps: true, tail: o.tail, follow: false }),
    );
    demux(buf as unknown as Buffer);
    return;
  }
  const stream = await call(`logs ${id.slice(0, 12)}`, () =>
    c.logs({ stdout: true, stderr: true, timestamps: true, tail: o.tail, follow: true }),
  );
  await drain(stream, o.signal, demux);
}

async function readStats(
  docker: Docker,
  call: Call,
  id: string,
  signal: AbortSignal,
  onSample: (s: StatsSample) => void,
): Promise<void> {
  const stream = await call(
    `stats ${id.slice(0, 12)}`,
    () => docker.getContainer(id).stats({ stream: true }) as Promise<NodeJS.ReadableStream>,
  );
  let pending = "";
  await drain(stream, signal, (chunk) => {
    const parts = (pending + chunk.toString("utf8")).split("\n");
    pending = parts.pop() ?? "";
    for (const p of parts) {
      if (!p.trim()) continue;
      try {
        onSample(statsSample(JSON.parse(p) as RawStats));
      } catch {
        /* a torn frame; the next one comes in a second */
      }
    }
  });
}

/** Images, networks and volumes: what containers need around them. */
export function resourceCalls(
  docker: Docker,
  call: Call,
): Pick<ContainerEngine, "imageExists" | "ensureNetwork" | "ensureVolume" | "removeVolumesAndNetworks"> {
  return {
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
    ensureNetwork: (name, labels) =>
      call(`network ${name}`, async () => {
        const found = await docker.listNetworks({ filters: { name: [name] } });
        if (!found.some((n) => n.Name === name))
          await docker.createNetwork({ Name: name, Labels: labels, CheckDuplicate: true });
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
    removeVolumesAndNetworks: (labels) =>
      call(
        "remove volumes and networks",
        async () => {
          const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
          const removed: string[] = [];
          for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) {
            await removeVolume(docker, v.Name);
            removed.push(v.Name);
          }
          for (const n of await docker.listNetworks({ filters: { label } })) {
            await docker.getNetwork(n.Id).remove();
            removed.push(n.Name);
          }
          return removed;
        },
        TIMEOUT_MS + IN_USE_GRACE_MS,
      ),
  };
}

/**
 * A volume is still "in use" for a moment after the last container that used it is gone from the list: a Swarm
 * task's container is removed by the node's agent after its service, and the engine releases the volume after that
 * (seen as a 409 on `docker stack rm` followed by a volume removal). Retried for a while, then the engine's answer.
 */
const IN_USE_GRACE_MS = 30_000;
async function removeVolume(docker: Docker, name: string): Promise<void> {
  const until = Date.now() + IN_USE_GRACE_MS;
  for (;;) {
    try {
      return await docker.getVolume(name).remove();
    } catch (e) {
      const err = e as DockerError;
      if (err.statusCode !== 409 || Date.now() > until) throw e;
      await sleep(500);
    }
  }
}

export function createContainerEngine(opts: { socketPath?: string } = {}): ContainerEngine {
  const docker = new Docker({ socketPath: opts.socketPath ?? "/var/run/docker.sock" });
  const onHost = hostPathMapper(docker);
  return {
    pull: (image, o, onProgress) => pullImage(docker, image, o, onProgress),
    logs: (id, o, onLine) => readLogs(docker, call, id, o, onLine),
    stats: (id, signal, onSample) => readStats(docker, call, id, signal, onSample),
    ping: () => call("ping", async () => void (await docker.ping()), 3000),
    listByLabels: (labels) =>
      call("list containers", async () => {
        const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
        const list = await docker.listContainers({ all: true, filters });
        return Promise.all(list.map(async (c) => toState(await docker.getContainer(c.Id).inspect())));
      }),
    create: (spec) =>
      call(`create ${spec.name}`, async () => (await docker.createContainer(await onHost.container(spec))).id),
    start: (id) => call(`start ${id.slice(0, 12)}`, async () => void (await docker.getContainer(id).start())),
    stop: (id, graceSeconds) =>
      call(
        `stop ${id.slice(0, 12)}`,
        async () => {
          try {
            await docker.getContainer(id).stop({ t: graceSeconds });
          } catch (e) {
            if ((e as DockerError).statusCode !== 304) throw e; // already stopped
          }
        },
        (graceSeconds + 10) * 1000,
      ),
    remove: (id) =>
      call(
        `remove ${id.slice(0, 12)}`,
        async () => void (await docker.getContainer(id).remove({ force: true, v: false })),
      ),
    inspect: (id) => call(`inspect ${id.slice(0, 12)}`, async () => toState(await docker.getContainer(id).inspect())),
    ...resourceCalls(docker, call),
    swarm: createSwarmEngine(docker, onHost),
  };
}
