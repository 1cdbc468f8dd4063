import "server-only";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { AppError } from "../errors.ts";
import { LABEL } from "./container-spec.ts";
import { normalizeDependsOn } from "./plan-levels.ts";
import type { ServiceStatus, StackSummary } from "./contract.ts";
import type { Template } from "./templates.ts";

export function projectOf(t: Template): string {
  return t.compose.name ?? t.name;
}

/** The template with each service's container state from the engine; an unreachable engine is reported, not thrown. */
export async function getStackStatus(engine: ContainerEngine, t: Template): Promise<StackSummary> {
  let services: ServiceStatus[] = Object.entries(t.compose.services).map(([service, def]) => ({
    service, container: null, state: "absent", health: null, exitCode: null, startedAt: null, ports: [],
    cluster: t.meta.services[service]?.cluster ?? null, dependsOn: Object.keys(normalizeDependsOn(def.depends_on)),
  }));
  let engineError: string | null = null;
  try {
    const containers = await engine.listByLabels({ [LABEL.project]: projectOf(t) });
    const byService = new Map(containers.map((c) => [c.labels[LABEL.service], c]));
    services = services.map((s) => {
      const c = byService.get(s.service);
      // With host networking nothing is published: show the ports the file says the service listens on.
      const expose = (t.compose.services[s.service]?.expose ?? []).map(String);
      return c ? { ...s, container: c.name, state: c.status, health: c.health, exitCode: c.status === "exited" ? c.exitCode : null, startedAt: c.startedAt, ports: c.ports.length ? c.ports : expose } : s;
    });
  } catch (e) {
    engineError = e instanceof AppError ? e.message : "the Docker engine did not answer";
  }
  return {
    name: t.name, title: t.meta.title, description: t.meta.description, services, levels: t.compose.levels,
    problems: t.compose.problems, inactive: t.compose.inactive, engine: engineError ? "unavailable" : "available", engineError,
  };
}
