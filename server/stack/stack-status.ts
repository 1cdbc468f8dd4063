import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { AppError } from "../errors.ts";
import { LABEL } from "./container-spec.ts";
import { normalizeDependsOn } from "./plan-levels.ts";
import type { ServiceStatus, StackSummary } from "./contract.ts";
import {
  classifyService,
  countServices,
  describeCounts,
  describeService,
  type ContainerFacts,
} from "./service-status.ts";
import { groupProblems } from "./compose/problem-causes.ts";
import { relative, join, isAbsolute } from "node:path";
import type { Template } from "./templates.ts";

export const STACK_JOB_KINDS = ["stack.up", "stack.down", "stack.service"];

export function projectOf(t: Template): string {
  return t.compose.name ?? t.name;
}

/** Services that run once and exit: marked `oneShot` in template.json, or waited for with `service_completed_successfully`. */
export function isOneShot(t: Template, service: string): boolean {
  if (t.meta.services[service]?.oneShot) return true;
  return Object.values(t.compose.services).some(
    (s) => normalizeDependsOn(s.depends_on)[service] === "service_completed_successfully",
  );
}

function withStatus<T extends ContainerFacts>(
  s: T,
  oneShot: boolean,
): T & Pick<ServiceStatus, "status" | "statusText" | "oneShot"> {
  const status = classifyService(s, oneShot);
  return { ...s, status, statusText: describeService({ ...s, status }), oneShot };
}

/**
 * The template with each service's container state from the engine, classified by the one status model; an unreachable
 * engine is reported, not thrown. With the database, also the stack operation queued or running now.
 */
export async function getStackStatus(engine: ContainerEngine, t: Template, db?: Db): Promise<StackSummary> {
  let services: ServiceStatus[] = Object.entries(t.compose.services).map(([service, def]) =>
    withStatus(
      {
        service,
        container: null,
        state: "absent",
        health: null,
        exitCode: null,
        startedAt: null,
        ports: [],
        cluster: t.meta.services[service]?.cluster ?? null,
        dependsOn: Object.keys(normalizeDependsOn(def.depends_on)),
      },
      isOneShot(t, service),
    ),
  );
  let engineError: string | null = null;
  try {
    const containers = await engine.listByLabels({ [LABEL.project]: projectOf(t) });
    const byService = new Map(
      containers.filter((c) => c.labels[LABEL.oneoff] !== "True").map((c) => [c.labels[LABEL.service], c]),
    );
    services = services.map((s) => {
      const c = byService.get(s.service);
      // With host networking nothing is published: show the ports the file says the service listens on.
      const expose = (t.compose.services[s.service]?.expose ?? []).map(String);
      if (!c) return s;
      const facts = { state: c.status, health: c.health, exitCode: c.status === "exited" ? c.exitCode : null };
      return withStatus(
        { ...s, ...facts, container: c.name, startedAt: c.startedAt, ports: c.ports.length ? c.ports : expose },
        s.oneShot,
      );
    });
  } catch (e) {
    engineError = e instanceof AppError ? e.message : "the Docker engine did not answer";
  }
  const counts = countServices(services);
  return {
    name: t.name,
    title: t.meta.title,
    description: t.meta.description,
    services,
    counts,
    countsText: describeCounts(counts),
    activeOperation: db ? await activeOperationOf(db, t.name) : null,
    levels: t.compose.levels,
    problems: t.compose.problems.map(({ path, line, message }) => ({ path, line, message })),
    causes: templateCauses(t),
    inactive: t.compose.inactive,
    engine: engineError ? "unavailable" : "available",
    engineError,
  };
}

/** The stack job queued or running for a template (one at a time: runStackOperation refuses a second). */
export async function activeOperationOf(db: Db, template: string): Promise<StackSummary["activeOperation"]> {
  const job = await db.job.findFirst({
    where: {
      kind: { in: STACK_JOB_KINDS },
      state: { in: ["queued", "running"] },
      payload: { path: ["template"], equals: template },
    },
    select: { id: true, kind: true, state: true },
  });
  return job ? { id: job.id, kind: job.kind, state: job.state } : null;
}

/** The template's problems by cause; a missing variable's fix names the template's .env (relative to the working directory when inside it). */
export function templateCauses(t: Template) {
  const rel = relative(process.cwd(), join(t.dir, ".env"));
  return groupProblems(t.compose.problems, {
    kind: "template",
    envFile: rel.startsWith("..") || isAbsolute(rel) ? join(t.dir, ".env") : rel,
  });
}
