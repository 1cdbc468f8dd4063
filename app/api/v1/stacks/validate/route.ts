import { route } from "@/server/http/route";
import { parseCompose } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.validate, async ({ body }) => {
  const c = parseCompose({ yaml: body.yaml, dotenv: body.dotenv, env: {} });
  return { valid: c.problems.length === 0, problems: c.problems, services: Object.keys(c.services), levels: c.levels, inactive: c.inactive };
});
