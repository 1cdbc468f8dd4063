import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import type { StackList } from "./contract.ts";
import { getStackStatus } from "./stack-status.ts";
import { listTemplateNames, loadTemplate } from "./templates.ts";

export async function listStacks(engine: ContainerEngine, db: Db): Promise<StackList> {
  return { stacks: await Promise.all(listTemplateNames().map((n) => getStackStatus(engine, loadTemplate(n), db))) };
}
