import { route } from "@/server/http/route";
import { stackOps } from "@/server/stack/operations";
import { validateCompose } from "@/server/stack";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(stackOps.validate, ({ rt, body }) =>
  validateCompose(rt.engine, body.yaml, body.dotenv, body.template),
);
