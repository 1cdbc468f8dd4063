import "server-only";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { ConflictError } from "../errors.ts";
import { composeDriver } from "./compose-driver.ts";
import type { StackDriver, StackDriverName } from "./driver.ts";
import { assertSwarmActive } from "./swarm/apply-swarm.ts";
import { swarmDriver } from "./swarm/driver.ts";
import type { Template } from "./templates.ts";

export const DRIVERS: Record<StackDriverName, StackDriver> = { compose: composeDriver, swarm: swarmDriver };

/** The driver a template runs under now (swarm services first, then Compose containers), or null when none. */
export async function detectDriver(engine: ContainerEngine, t: Template): Promise<StackDriverName | null> {
  if (await swarmDriver.isDeployed(engine, t)) return "swarm";
  if (await composeDriver.isDeployed(engine, t)) return "compose";
  return null;
}

/** The driver that runs the template, or compose when nothing runs (what down and service actions act through). */
export async function driverInUse(engine: ContainerEngine, t: Template): Promise<StackDriver> {
  return DRIVERS[(await detectDriver(engine, t)) ?? "compose"];
}

/**
 * Before `up` under a driver: 409 when the stack already runs under the other one (its fixed host ports would clash, and
 * two copies would share volumes), and 409 for swarm on an engine that is no swarm manager, saying how to make it one.
 */
export async function assertMayDeploy(engine: ContainerEngine, t: Template, driver: StackDriverName): Promise<void> {
  if (driver === "swarm") await assertSwarmActive(engine);
  const current = await detectDriver(engine, t);
  if (current && current !== driver)
    throw new ConflictError(
      `stack ${t.name} already runs under the ${current} driver: take it down first (POST /api/v1/stacks/${t.name}/down), then start it with driver=${driver}`,
    );
}
