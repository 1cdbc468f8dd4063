// A control plane that runs in a container (the image of the Dockerfile) asks the engine for bind mounts of paths
// it sees, such as a template's ./prometheus.yml under /data/templates; the engine resolves bind sources on the
// host, where that path does not exist. This maps such a path through the mounts of the control plane's own
// container (the data volume's folder on the host). Outside a container, or for paths on no mount, nothing changes.
import "server-only";
import { readFile } from "node:fs/promises";
import type Docker from "dockerode";

export type Mount = { source: string; destination: string };

/** The id of the container this process runs in: Docker bind-mounts /etc/hostname etc. from its folder. */
export function ownContainerId(mountinfo: string): string | null {
  return /\/containers\/([0-9a-f]{64})\/(?:hostname|hosts|resolv\.conf)\s/.exec(mountinfo)?.[1] ?? null;
}

/** `path` as the host sees it: through the deepest mount that holds it, else unchanged. */
export function toHostPath(path: string, mounts: Mount[]): string {
  const holder = mounts
    .filter((m) => path === m.destination || path.startsWith(`${m.destination.replace(/\/+$/, "")}/`))
    .sort((a, b) => b.destination.length - a.destination.length)[0];
  return holder ? holder.source + path.slice(holder.destination.replace(/\/+$/, "").length) : path;
}

/** A bind `source:target[:mode]` with an absolute source mapped to the host; named volumes stay as they are. */
export function bindOnHost(bind: string, mounts: Mount[]): string {
  const at = bind.indexOf(":");
  if (!bind.startsWith("/") || at < 0) return bind;
  return toHostPath(bind.slice(0, at), mounts) + bind.slice(at);
}

const containerSpecOf = (spec: Docker.ServiceSpec) =>
  spec.TaskTemplate && "ContainerSpec" in spec.TaskTemplate ? spec.TaskTemplate.ContainerSpec : undefined;
const hasBind = (spec: Docker.ServiceSpec) => Boolean(containerSpecOf(spec)?.Mounts?.some((m) => m.Type === "bind"));

/** A Swarm service's bind mounts with absolute sources mapped to the host; volumes and the rest stay as they are. */
export function serviceMountsOnHost<T extends Docker.ServiceSpec>(spec: T, mounts: Mount[]): T {
  const container = containerSpecOf(spec);
  if (!hasBind(spec) || !container?.Mounts) return spec;
  const Mounts = container.Mounts.map((m) =>
    m.Type === "bind" && m.Source?.startsWith("/") ? { ...m, Source: toHostPath(m.Source, mounts) } : m,
  );
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...container, Mounts } } };
}

/**
 * Maps the bind sources of container create specs (`container`) and Swarm service specs (`service`) to the host; the
 * own container's mounts are read once (none outside a container). On a swarm of several nodes a bind source is a
 * path on whichever node runs the task: docs/scale-out.md says to keep such files on every node or use configs.
 */
export function hostPathMapper(docker: Docker, mountinfoFile = "/proc/self/mountinfo") {
  let mounts: Promise<Mount[]> | undefined;
  const load = async (): Promise<Mount[]> => {
    const id = ownContainerId(await readFile(mountinfoFile, "utf8").catch(() => ""));
    if (!id) return [];
    const self = await docker.getContainer(id).inspect();
    return (self.Mounts ?? []).map((m) => ({ source: m.Source, destination: m.Destination }));
  };
  // A failed inspect is retried on the next create rather than remembered.
  const list = () =>
    (mounts ??= load().catch((e) => {
      mounts = undefined;
      throw e;
    }));
  return {
    container: async <T extends Docker.ContainerCreateOptions>(spec: T): Promise<T> => {
      const binds = spec.HostConfig?.Binds;
      if (!binds?.length) return spec;
      const l = await list();
      if (!l.length) return spec;
      return { ...spec, HostConfig: { ...spec.HostConfig, Binds: binds.map((b) => bindOnHost(b, l)) } };
    },
    service: async <T extends Docker.ServiceSpec>(spec: T): Promise<T> => {
      if (!hasBind(spec)) return spec;
      const l = await list();
      return l.length ? serviceMountsOnHost(spec, l) : spec;
    },
  };
}

export type HostPathMapper = ReturnType<typeof hostPathMapper>;
