// The API routes the production server (scripts/serve.mjs) answers itself, skipping Next.js' per-request routing,
// which costs more than the handler for small requests (bench/RESULTS.md, lineage-ingest). The handlers are the
// ones the app/ route files export, so authentication, roles, body limits, audit, logs, metrics and problem+json
// are the same on either path. Exact paths only, no params, and the responses must not stream (sent in one write).
// A route qualifies when its handler is the route() wrapper of server/http/route.ts and uses nothing of Next.js'
// request scope (next/headers, cookies(), after()): GET /api/v1/jobs, the read bench api-read measures, where
// Next.js' routing was a third of the server's CPU per request (bench/RESULTS.md, profile-read).
//
// Plain JavaScript with its types in fast-routes.d.mts: scripts/serve.mjs loads it without a compiler. The
// handlers reach serve.mjs through globalThis because Next.js bundles its own copy of this module (instrumentation
// registers into that copy, serve.mjs reads from Node's): a module variable would not be shared. The two symbols
// are read and written only here.

/** The method and path of each fast route: keys of the table boot hands over (checked against the operations). */
export const FAST_ROUTE_KEYS = ["POST /api/v1/lineage", "GET /api/v1/jobs"];

const ROUTES = Symbol.for("nexus.fast-routes");
const METHOD_GUARD = Symbol.for("nexus.method-guard");

/** Called once the runtime is up: from then on the production server answers these routes and guards methods. */
export function installFastRoutes(routes, maxBodyBytes, refuseMethod) {
  globalThis[ROUTES] = new Map(FAST_ROUTE_KEYS.map((key) => [key, { handler: routes[key], maxBodyBytes }]));
  globalThis[METHOD_GUARD] = refuseMethod;
}

/** The fast route for a method and path (without its query), once installed. */
export function fastRoute(method, pathname) {
  return globalThis[ROUTES]?.get(`${method} ${pathname}`);
}

/** The 405 for a method the path's route does not define, or null (also null before the runtime is up). */
export function refuseMethod(method, target, requestId) {
  return globalThis[METHOD_GUARD]?.(method, target, typeof requestId === "string" ? requestId : undefined) ?? null;
}
