// Pure: one Compose service as the Swarm service spec `docker stack deploy` would create, with its labels, so
// `docker stack services|ps|rm <stack>` see it. Host networking is the `host` network; published ports are mode host.
import "server-only";
import type { SwarmServiceSpec } from "../../adapters/docker/index.ts";
import type { ComposeService } from "../compose/parse-compose.ts";
import { allRefs, type ObjectRef } from "../compose/file-objects.ts";
import { command, configHash, durationNs, environment, healthcheck, parseBytes } from "../container-spec.ts";

export const STACK_LABEL = {
  namespace: "com.docker.stack.namespace",
  image: "com.docker.stack.image",
  /** Ours: the hash of the service's resolved Compose definition; `up` leaves a service alone while it is unchanged. */
  configHash: "io.nexus.stack.config-hash",
} as const;

export const swarmServiceName = (stack: string, service: string) => `${stack}_${service}`;

type Deploy = {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string> | string[];
  resources?: {
    limits?: { cpus?: string | number; memory?: string | number; pids?: number };
    reservations?: { cpus?: string | number; memory?: string | number };
  };
  restart_policy?: { condition?: string; delay?: string; max_attempts?: number; window?: string };
  placement?: { constraints?: string[]; preferences?: { spread: string }[]; max_replicas_per_node?: number };
  update_config?: UpdateConfig;
  rollback_config?: UpdateConfig;
};
type UpdateConfig = {
  parallelism?: number;
  delay?: string;
  failure_action?: string;
  monitor?: string;
  max_failure_ratio?: number;
  order?: string;
};

const bytes = (v: string | number | undefined) => (typeof v === "number" ? v : v ? parseBytes(v) : undefined);
const nanoCpus = (v: string | number | undefined) => (v === undefined ? undefined : Math.round(Number(v) * 1e9));

function labelMap(l: Deploy["labels"] | unknown): Record<string, string> {
  if (Array.isArray(l))
    return Object.fromEntries(l.map((x) => String(x).split(/=(.*)/s).slice(0, 2) as [string, string]));
  if (l && typeof l === "object") return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v ?? "")]));
  return {};
}

function updateConfig(u: UpdateConfig | undefined) {
  if (!u) return undefined;
  return {
    Parallelism: u.parallelism ?? 1,
    Delay: durationNs(u.delay),
    FailureAction: u.failure_action,
    Monitor: durationNs(u.monitor),
    MaxFailureRatio: u.max_failure_ratio,
    Order: u.order,
  };
}

type Mount = {
  Type: "bind" | "volume";
  Source: string;
  Target: string;
  ReadOnly: boolean;
  VolumeOptions?: { Labels: Record<string, string> };
};
function mounts(stack: string, volumes: unknown, workingDir: string): Mount[] {
  return (Array.isArray(volumes) ? volumes : []).flatMap((v): Mount[] => {
    if (typeof v !== "string") return [];
    const [source, target, mode] = v.split(":");
    if (!source || !target) return [];
    const readOnly = mode === "ro";
    if (source.startsWith(".") || source.startsWith("/")) {
      const abs = source.startsWith(".") ? `${workingDir}/${source.replace(/^\.\//, "")}` : source;
      return [{ Type: "bind" as const, Source: abs, Target: target, ReadOnly: readOnly }];
    }
    const name = `${stack}_${source}`;
    return [
      {
        Type: "volume" as const,
        Source: name,
        Target: target,
        ReadOnly: readOnly,
        VolumeOptions: { Labels: { [STACK_LABEL.namespace]: stack } },
      },
    ];
  });
}

function endpoint(ports: unknown[] | undefined) {
  const list = (ports ?? []).flatMap((p) => {
    if (typeof p === "object" && p) {
      const o = p as { target?: number; published?: number | string; protocol?: string };
      return o.target ? [{ target: Number(o.target), published: o.published, protocol: o.protocol }] : [];
    }
    const m = /^(?:\d+\.\d+\.\d+\.\d+:)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(String(p));
    return m ? [{ target: Number(m[2]), published: m[1], protocol: m[3] }] : [];
  });
  if (!list.length) return undefined;
  return {
    Ports: list.map((p) => ({
      Protocol: (p.protocol ?? "tcp") as "tcp" | "udp",
      TargetPort: p.target,
      PublishedPort: p.published !== undefined ? Number(p.published) : p.target,
      PublishMode: "host" as const, // never the routing mesh
    })),
  };
}

function restartPolicy(d: Deploy, oneShot: boolean) {
  const r = d.restart_policy;
  const condition = r?.condition ?? (oneShot ? "none" : "any");
  return {
    Condition: condition as "none" | "on-failure" | "any",
    Delay: durationNs(r?.delay) ?? 5e9,
    MaxAttempts: r?.max_attempts,
    Window: durationNs(r?.window),
  };
}

type ObjectIds = Map<string, { id: string; name: string }>;

/** ContainerSpec.Configs / Secrets: the file at the target, owned by uid:gid (0:0) with mode (0444), as `docker stack` does. */
export function objectMounts(refs: ObjectRef[], objects: ObjectIds) {
  const file = (r: ObjectRef) => ({
    // A secret under /run/secrets/ is named relative to it, as every engine version takes it.
    Name: r.kind === "secret" && r.target.startsWith("/run/secrets/") ? r.target.slice(13) : r.target,
    UID: r.uid ?? "0",
    GID: r.gid ?? "0",
    Mode: r.mode ?? 0o444,
  });
  const of = (kind: ObjectRef["kind"]) =>
    refs
      .filter((r) => r.kind === kind && objects.has(`${kind}:${r.source}`))
      .map((r) => {
        const o = objects.get(`${kind}:${r.source}`)!;
        return kind === "config"
          ? { File: file(r), ConfigID: o.id, ConfigName: o.name }
          : { File: file(r), SecretID: o.id, SecretName: o.name };
      });
  const configs = of("config");
  const secrets = of("secret");
  return { Configs: configs.length ? configs : undefined, Secrets: secrets.length ? secrets : undefined };
}

/** The Swarm service for one Compose service of a stack, on the given network ids (the host network's id for host networking). */
export function swarmServiceSpec(opts: {
  stack: string;
  name: string;
  service: ComposeService;
  workingDir: string;
  oneShot: boolean;
  networks: string[];
  /** The stack's config and secret objects (ensureStackObjects); a changed object changes the service's hash. */
  objects?: ObjectIds;
}): SwarmServiceSpec {
  const { stack, name, service: s } = opts;
  const d = (s.deploy ?? {}) as Deploy;
  const image = String(s.image);
  const limits = d.resources?.limits;
  const reservations = d.resources?.reservations;
  const ownLabels = labelMap(s.labels);
  const refs = allRefs(name, s);
  const objects = opts.objects ?? new Map();
  const used = refs.map((r) => objects.get(`${r.kind}:${r.source}`)?.name ?? null);
  return {
    Name: swarmServiceName(stack, name),
    Labels: {
      ...labelMap(d.labels),
      [STACK_LABEL.namespace]: stack,
      [STACK_LABEL.image]: image,
      [STACK_LABEL.configHash]: configHash(used.length ? { ...s, "x-nexus-objects": used } : s),
    },
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Labels: { ...ownLabels, [STACK_LABEL.namespace]: stack },
        Command: command(s.entrypoint),
        Args: command(s.command),
        Env: environment(s.environment),
        Dir: typeof s.working_dir === "string" ? s.working_dir : undefined,
        User: typeof s.user === "string" ? s.user : undefined,
        Hostname: typeof s.hostname === "string" ? s.hostname : undefined,
        Init: s.init === true ? true : undefined,
        StopGracePeriod: durationNs(s.stop_grace_period) ?? 10e9,
        Healthcheck: healthcheck(s.healthcheck),
        Mounts: mounts(stack, s.volumes, opts.workingDir),
        ...objectMounts(refs, objects),
      },
      Resources: {
        Limits: {
          NanoCPUs: nanoCpus(limits?.cpus ?? (s.cpus as string | number | undefined)),
          MemoryBytes: bytes(limits?.memory ?? (s.mem_limit as string | number | undefined)),
        },
        Reservations: { NanoCPUs: nanoCpus(reservations?.cpus), MemoryBytes: bytes(reservations?.memory) },
      },
      RestartPolicy: restartPolicy(d, opts.oneShot),
      Placement: {
        Constraints: d.placement?.constraints,
        Preferences: d.placement?.preferences?.map((p) => ({ Spread: { SpreadDescriptor: p.spread } })),
        MaxReplicas: d.placement?.max_replicas_per_node,
      },
      Networks: opts.networks.map((Target) => ({ Target })),
    },
    Mode: d.mode === "global" ? { Global: {} } : { Replicated: { Replicas: d.replicas ?? 1 } },
    UpdateConfig: updateConfig(d.update_config),
    RollbackConfig: updateConfig(d.rollback_config),
    EndpointSpec: typeof s.network_mode === "string" ? undefined : endpoint(s.ports),
  } as SwarmServiceSpec;
}
