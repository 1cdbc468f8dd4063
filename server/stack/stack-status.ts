import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { AppError } from "../errors.ts";
import { detectDriver, DRIVERS } from "./drivers.ts";
import { isOneShot } from "./project.ts";
import { composeObjectChecks } from "./compose/object-checks.ts";
import { swarmChecks } from "./swarm/checks.ts";
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

export const STACK_JOB_KINDS = ["stack.up", "stack.down", "stack.service", "stack.scale", "stack.update"];

export { projectOf, isOneShot } from "./project.ts";

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
  let driver: StackSummary["driver"] = null;
  try {
    driver = await detectDriver(engine, t);
    const facts = await DRIVERS[driver ?? "compose"].facts(engine, t);
    services = services.map((s) => {
      const f = facts.get(s.service);
      return f ? withStatus({ ...s, ...f }, s.oneShot) : s;
    });
  } catch (e) {
    engineError = e instanceof AppError ? e.message : "the Docker engine did not answer";
  }
  const counts = countServices(services);
  return {
    name: t.name,
    driver,
    swarmChecks: swarmChecks(t.compose),
    composeChecks: composeObjectChecks(t.compose),
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
