import "server-only";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import { httpGet, ProbeFailure, tcpConnect } from "../adapters/probe/index.ts";
import { LABEL, listTemplateNames, loadTemplate, projectOf, type Template } from "../stack/index.ts";
import { PROBES, type ProbeOutcome } from "./probes.ts";
import type { ProbeTarget } from "./targets.ts";

/** The probe target of one container of a template's project, with the template's own probe of that service if any. */
function containerTarget(t: Template, project: string, c: ContainerState, service: string): ProbeTarget {
  const meta = t.meta.services[service];
  const probe = meta?.probe
    ? {
        kind: meta.probe.kind,
        url:
          meta.probe.kind === "tcp"
            ? `${meta.probe.host}:${meta.probe.port}`
            : `http://${meta.probe.host}:${meta.probe.port}${meta.probe.path ?? (meta.probe.kind === "http" ? "/" : "")}`,
      }
    : undefined;
  return {
    service: `${project}/${service}`,
    cluster: meta?.cluster ?? "other",
    kind: "container",
    url: c.name,
    container: { project, service, oneShot: meta?.oneShot ?? false, probe },
  };
}

/** The containers of every template that has any, as probe targets, and their states by service ("project/service"). */
export async function containerTargets(
  engine: ContainerEngine,
  templatesDir?: string,
): Promise<{ targets: ProbeTarget[]; states: Map<string, ContainerState> }> {
  const targets: ProbeTarget[] = [];
  const states = new Map<string, ContainerState>();
  for (const name of listTemplateNames(templatesDir)) {
    let t: Template;
    try {
      t = loadTemplate(name, process.env, templatesDir);
    } catch {
      continue; // a broken template is reported on the Stack page, not here
    }
    const project = projectOf(t);
    let containers: ContainerState[];
    try {
      containers = await engine.listByLabels({ [LABEL.project]: project });
    } catch {
      return { targets, states }; // no engine: nothing of ours runs in containers that we could see
    }
    for (const c of containers) {
      const service = c.labels[LABEL.service];
      if (!service) continue;
      const target = containerTarget(t, project, c, service);
      states.set(target.service, c);
      targets.push(target);
    }
  }
  return { targets, states };
}

/** What the container's own state says, before any probe: an outcome, or null when it runs and is not unhealthy or starting. */
function fromContainerState(
  target: ProbeTarget,
  c: ContainerState,
  metrics: ProbeOutcome["metrics"],
): ProbeOutcome | null {
  if (c.status === "exited") {
    if (target.container?.oneShot && c.exitCode === 0)
      return { status: "up", detail: "completed (exit code 0)", metrics };
    return { status: "down", detail: `container exited with code ${c.exitCode}`, metrics };
  }
  if (c.status !== "running")
    return {
      status: c.status === "restarting" || c.status === "created" ? "degraded" : "down",
      detail: `container ${c.status}`,
      metrics,
    };
  if (c.health === "unhealthy") return { status: "down", detail: "container healthcheck failing", metrics };
  if (c.health === "starting") return { status: "degraded", detail: "starting (healthcheck not passed yet)", metrics };
  return null;
}

/** A container's state, then the template's probe of its service (TCP, HTTP or a service-aware one). */
export async function probeContainer(target: ProbeTarget, c: ContainerState, timeoutMs: number): Promise<ProbeOutcome> {
  const p = target.container?.probe;
  // probeKind/probeUrl let resolvePrometheus find a stack's Prometheus in the snapshot.
  const metrics = {
    container: c.name,
    state: c.status,
    health: c.health,
    exitCode: c.status === "exited" ? c.exitCode : null,
    probeKind: p?.kind ?? null,
    probeUrl: p?.url ?? null,
  };
  const settled = fromContainerState(target, c, metrics);
  if (settled) return settled;
  if (p && p.kind !== "tcp" && p.kind !== "http") {
    // A service-aware probe (Spark master, S3, Prometheus…): its findings, with the container's state.
    const r = await PROBES[p.kind]!(p.url, timeoutMs);
    return { status: r.status, detail: `running; ${r.detail}`, metrics: { ...r.metrics, ...metrics } };
  }
  if (p?.kind === "tcp") await tcpConnect(p.url, timeoutMs);
  else if (p?.kind === "http") {
    const r = await httpGet(p.url, timeoutMs);
    if (r.status >= 400) throw new ProbeFailure(`HTTP ${r.status} from ${p.url}`);
  }
  return { status: "up", detail: `running${c.health ? ", healthy" : ""}${p ? `; ${p.url} answers` : ""}`, metrics };
}
