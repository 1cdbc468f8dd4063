// Pure: what Swarm cannot do that Compose does, per service: errors stop a swarm deploy, warnings say what changes.
import "server-only";
import { type DriverCheck, swarmObjectChecks } from "../compose/object-checks.ts";
import type { ParsedCompose } from "../compose/parse-compose.ts";
import { normalizeDependsOn } from "../plan-levels.ts";

export type { DriverCheck };

const IGNORED: Record<string, string> = {
  container_name: "Swarm names containers itself (<stack>_<service>.<slot>.<task>): container_name is ignored",
  restart: "Swarm ignores restart: use deploy.restart_policy (the default restarts any exit)",
  links: "links are ignored by Swarm",
  external_links: "external_links are ignored by Swarm",
  security_opt: "security_opt is ignored by Swarm",
  userns_mode: "userns_mode is ignored by Swarm",
  cgroup_parent: "cgroup_parent is ignored by Swarm",
  tmpfs: "tmpfs is ignored by Swarm: use a volume of type tmpfs",
  profiles: "profiles are resolved once when the file is read: Swarm has no profiles of its own",
};
const IMPOSSIBLE: Record<string, string> = {
  privileged: "Swarm cannot run privileged containers",
  devices: "Swarm cannot pass devices to containers",
  pid: "Swarm cannot share a PID namespace (pid)",
  ipc: "Swarm cannot share an IPC namespace (ipc)",
};

function checkService(name: string, s: Record<string, unknown>): DriverCheck[] {
  const out: DriverCheck[] = [];
  const at = (key: string, severity: DriverCheck["severity"], message: string) =>
    out.push({ service: name, path: `services.${name}.${key}`, severity, message: `${name}: ${message}` });
  if (s.build !== undefined && s.image)
    at("build", "warning", "Swarm does not build: the image must already be on every node (or in a registry)");
  else if (s.build !== undefined)
    at("build", "error", "Swarm does not build and the service has no image: build it and name the image");
  for (const [key, message] of Object.entries(IGNORED)) if (s[key] !== undefined) at(key, "warning", message);
  for (const [key, message] of Object.entries(IMPOSSIBLE)) if (s[key]) at(key, "error", message);
  const mode = s.network_mode;
  if (typeof mode === "string" && mode !== "host")
    at(
      "network_mode",
      "error",
      `network_mode ${mode} is not possible in Swarm (host networking or the stack's network only)`,
    );
  const deps = normalizeDependsOn(s.depends_on);
  const conditions = Object.entries(deps).filter(([, c]) => c !== "service_started");
  if (conditions.length)
    at(
      "depends_on",
      "warning",
      `depends_on conditions (${conditions.map(([t, c]) => `${t}: ${c}`).join(", ")}) are honoured only while Nexus deploys; Swarm restarts tasks without waiting for them`,
    );
  for (const [i, v] of (Array.isArray(s.volumes) ? s.volumes : []).entries())
    if (typeof v === "string" && /^[./]/.test(v))
      at(
        `volumes[${i}]`,
        "warning",
        `bind mount ${v.split(":")[0]} must exist on whichever node runs the task (a config fits files better)`,
      );
  for (const [i, p] of (Array.isArray(s.ports) ? s.ports : []).entries())
    if (typeof p === "object" && p && (p as { mode?: string }).mode === "ingress")
      at(`ports[${i}]`, "warning", "ingress ports are published in mode host: Nexus never uses the routing mesh");
  return out;
}

/** Per service, what a Swarm deploy cannot honour (errors) or changes (warnings). */
export function swarmChecks(compose: Pick<ParsedCompose, "services"> & Partial<Pick<ParsedCompose, "objects">>) {
  return [
    ...Object.entries(compose.services).flatMap(([name, s]) => checkService(name, s as Record<string, unknown>)),
    ...swarmObjectChecks({ services: compose.services, objects: compose.objects ?? [] }),
  ];
}
