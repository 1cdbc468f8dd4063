import "server-only";
import { getConfig } from "../config.ts";
import { ingestLineageRoute } from "../lineage/routes.ts";
import { refuseMethod } from "./methods.ts";

/** A route handler as app/ route files export it: a web Request in, a Response out (never throws). */
type WebHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

/**
 * High-volume API routes the production server (scripts/serve.mjs) calls directly, skipping Next.js'
 * per-request routing, which costs more than the handler itself for small requests (bench/RESULTS.md,
 * lineage-ingest). They are the same handlers the app/ route files export, so authentication, roles, body
 * limits, audit, logs, metrics and problem+json are the same on either path. Exact paths only, no params,
 * and the responses must not stream (they are sent in one write).
 */
const FAST_ROUTES: Record<string, WebHandler> = {
  "POST /api/v1/lineage": ingestLineageRoute,
};

const KEY = Symbol.for("nexus.fast-routes");
const METHOD_GUARD = Symbol.for("nexus.method-guard");

/**
 * Called once the runtime is up: from then on the production server answers these routes itself, and refuses
 * methods a route does not define with 405 and Allow (server/http/methods.ts) before Next.js sees them.
 */
export function installFastRoutes(): void {
  const maxBodyBytes = getConfig().bodyLimitBytes;
  const routes = new Map(Object.entries(FAST_ROUTES).map(([k, handler]) => [k, { handler, maxBodyBytes }]));
  (globalThis as { [KEY]?: ReadonlyMap<string, { handler: WebHandler; maxBodyBytes: number }> })[KEY] = routes;
  (globalThis as { [METHOD_GUARD]?: typeof refuseMethod })[METHOD_GUARD] = refuseMethod;
}
