import "server-only";
import Docker from "dockerode";
import { call, type DockerError } from "./call.ts";
import type { HostPathMapper } from "./host-paths.ts";
import { createSwarmObjects, type SwarmObjects } from "./swarm-objects.ts";

/** A Swarm service spec as the Engine API takes it (POST /services/create, /services/{id}/update). */
export type SwarmServiceSpec = Docker.ServiceSpec & { Name: string; Labels: Record<string, string> };

export type SwarmService = {
  id: string;
  name: string;
  version: number;
  labels: Record<string, string>;
  spec: SwarmServiceSpec;
  /** Desired replicas; null for a global service. */
  replicas: number | null;
  /** The rolling update in progress or last done: updating, completed, paused, rollback_started, rollback_completed… */
  update: { state: string; message: string } | null;
};

export type SwarmTask = {
  id: string;
  serviceId: string;
  slot: number | null;
  nodeId: string | null;
  /** new … assigned, preparing, starting, running, complete, failed, shutdown, rejected, orphaned, remove */
  state: string;
  desiredState: string;
  message: string;
  error: string | null;
  containerId: string | null;
  exitCode: number | null;
  updatedAt: string;
  image: string;
};

export type SwarmNode = {
  id: string;
  hostname: string;
  role: "manager" | "worker";
  availability: string;
  state: string;
  labels: Record<string, string>;
  /** Engine labels and platform, as placement constraints see them (node.platform.os, engine.labels.*). */
  platform: { os: string; arch: string };
  engineLabels: Record<string, string>;
  nanoCpus: number;
  memoryBytes: number;
};

/** Swarm's services, tasks, nodes, configs, secrets and overlay networks; every call is time-bounded. */
export type SwarmEngine = SwarmObjects & {
  /** "active" when this engine is a swarm manager; otherwise what it is ("inactive", "pending", "worker"). */
  state(): Promise<"active" | "inactive" | "pending" | "worker" | "error">;
  listServices(labels: Record<string, string>): Promise<SwarmService[]>;
  createService(spec: SwarmServiceSpec): Promise<string>;
  /** Replaces the spec of a service at `version` (a rolling update when the task template changed). */
  updateService(id: string, version: number, spec: SwarmServiceSpec): Promise<void>;
  inspectService(id: string): Promise<SwarmService>;
  removeService(id: string): Promise<void>;
  listTasks(filters: { service?: string; label?: Record<string, string> }): Promise<SwarmTask[]>;
  listNodes(): Promise<SwarmNode[]>;
  /** The id of a network by name ("host" for host networking). */
  networkId(name: string): Promise<string | null>;
  ensureOverlayNetwork(name: string, labels: Record<string, string>): Promise<string>;
  /** A config or secret with this name and content (created when absent); its id. */
  ensureConfig(kind: "config" | "secret", name: string, data: Buffer, labels: Record<string, string>): Promise<string>;
  /** Removes the configs, secrets and overlay networks with these labels; their names. */
  removeByLabels(labels: Record<string, string>): Promise<string[]>;
};

const labelFilter = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

type RawService = {
  ID: string;
  Version: { Index: number };
  Spec: SwarmServiceSpec;
  UpdateStatus?: { State?: string; Message?: string };
};
function toService(s: RawService): SwarmService {
  return {
    id: s.ID,
    name: s.Spec.Name,
    version: s.Version.Index,
    labels: s.Spec.Labels ?? {},
    spec: s.Spec,
    replicas: s.Spec.Mode?.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : null,
    update: s.UpdateStatus?.State ? { state: s.UpdateStatus.State, message: s.UpdateStatus.Message ?? "" } : null,
  };
}

type RawTask = {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  UpdatedAt: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status: {
    State: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
};
function toTask(t: RawTask): SwarmTask {
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    slot: t.Slot ?? null,
    nodeId: t.NodeID ?? null,
    state: t.Status.State,
    desiredState: t.DesiredState,
    message: t.Status.Message ?? "",
    error: t.Status.Err ?? null,
    containerId: t.Status.ContainerStatus?.ContainerID ?? null,
    exitCode: t.Status.ContainerStatus?.ExitCode ?? null,
    updatedAt: t.UpdatedAt,
    image: (t.Spec?.ContainerSpec?.Image ?? "").replace(/@sha256:.*$/, ""),
  };
}

type RawNode = {
  ID: string;
  Spec: { Role: "manager" | "worker"; Availability: string; Labels?: Record<string, string> };
  Description: {
    Hostname: string;
    Platform?: { OS?: string; Architecture?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { Labels?: Record<string, string> };
  };
  Status: { State: string };
};
function toNode(n: RawNode): SwarmNode {
  return {
    id: n.ID,
    hostname: n.Description.Hostname,
    role: n.Spec.Role,
    availability: n.Spec.Availability,
    state: n.Status.State,
    labels: n.Spec.Labels ?? {},
    platform: { os: n.Description.Platform?.OS ?? "", arch: n.Description.Platform?.Architecture ?? "" },
    engineLabels: n.Description.Engine?.Labels ?? {},
    nanoCpus: n.Description.Resources?.NanoCPUs ?? 0,
    memoryBytes: n.Description.Resources?.MemoryBytes ?? 0,
  };
}

/** The Swarm side of the container engine's Docker client. */
export function createSwarmEngine(docker: Docker, onHost: HostPathMapper): SwarmEngine {
  const listServices = (labels: Record<string, string>) =>
    call("list services", async () =>
      ((await docker.listServices({ filters: { label: labelFilter(labels) } })) as unknown as RawService[]).map(
        toService,
      ),
    );
  // Every stack status asks; the answer changes only on `docker swarm init|leave`: kept for 2 s.
  let known: { at: number; state: Promise<Awaited<ReturnType<SwarmEngine["state"]>>> } | null = null;
  const state = () =>
    call("info", async () => {
      const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
      const s = info.Swarm?.LocalNodeState ?? "inactive";
      if (s === "active") return info.Swarm?.ControlAvailable ? ("active" as const) : ("worker" as const);
      return s === "inactive" || s === "pending" ? s : ("error" as const);
    });
  return {
    ...createSwarmObjects(docker),
    state: () => {
      if (!known || Date.now() - known.at > 2000) {
        known = { at: Date.now(), state: state() };
        known.state.catch(() => (known = null));
      }
      return known.state;
    },
    listServices,
    createService: (spec) =>
      call(
        `create service ${spec.Name}`,
        async () => ((await docker.createService(await onHost.service(spec))) as { id: string }).id,
      ),
    updateService: (id, version, spec) =>
      call(`update service ${spec.Name}`, async () => {
        await docker.getService(id).update({ ...(await onHost.service(spec)), version });
      }),
    inspectService: (id) =>
      call(`inspect service ${id}`, async () => toService((await docker.getService(id).inspect()) as RawService)),
    removeService: (id) =>
      call(`remove service ${id}`, async () => {
        try {
          await docker.getService(id).remove();
        } catch (e) {
          if ((e as DockerError).statusCode !== 404) throw e;
        }
      }),
    listTasks: (f) =>
      call("list tasks", async () => {
        const filters: Record<string, string[]> = {};
        if (f.service) filters.service = [f.service];
        if (f.label) filters.label = labelFilter(f.label);
        return ((await docker.listTasks({ filters })) as RawTask[]).map(toTask);
      }),
    listNodes: () => call("list nodes", async () => ((await docker.listNodes()) as RawNode[]).map(toNode)),
    networkId: (name) =>
      call(`network ${name}`, async () => {
        const found = await docker.listNetworks({ filters: { name: [name] } });
        return found.find((n) => n.Name === name)?.Id ?? null;
      }),
    ensureOverlayNetwork: (name, labels) =>
      call(`network ${name}`, async () => {
        const found = (await docker.listNetworks({ filters: { name: [name] } })).find((n) => n.Name === name);
        if (found) return found.Id;
        const n = await docker.createNetwork({
          Name: name,
          Driver: "overlay",
          Attachable: true,
          Labels: labels,
          CheckDuplicate: true,
        });
        return n.id;
      }),
    ensureConfig: (kind, name, data, labels) =>
      call(`${kind} ${name}`, async () => {
        const list = (kind === "config"
          ? await docker.listConfigs({ filters: { name: [name] } })
          : await docker.listSecrets({ filters: { name: [name] } })) as unknown as {
          ID: string;
          Spec: { Name: string };
        }[];
        const found = list.find((c) => c.Spec.Name === name);
        if (found) return found.ID;
        const body = { Name: name, Labels: labels, Data: data.toString("base64") };
        const created = (kind === "config" ? await docker.createConfig(body) : await docker.createSecret(body)) as {
          id: string;
        };
        return created.id;
      }),
    removeByLabels: (labels) =>
      call("remove configs, secrets and networks", async () => {
        const filters = { label: labelFilter(labels) };
        const removed: string[] = [];
        for (const c of (await docker.listConfigs({ filters })) as unknown as {
          ID: string;
          Spec: { Name: string };
        }[]) {
          await docker.getConfig(c.ID).remove();
          removed.push(c.Spec.Name);
        }
        for (const s of (await docker.listSecrets({ filters })) as unknown as {
          ID: string;
          Spec: { Name: string };
        }[]) {
          await docker.getSecret(s.ID).remove();
          removed.push(s.Spec.Name);
        }
        for (const n of await docker.listNetworks({ filters })) {
          await docker.getNetwork(n.Id).remove();
          removed.push(n.Name);
        }
        return removed;
      }),
  };
}
