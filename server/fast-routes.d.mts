/** A route handler as app/ route files export it: a web Request in, a Response out (never throws). */
export type WebHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;
export type FastRouteKey = "POST /api/v1/lineage" | "GET /api/v1/jobs";
/** One handler per fast route: a missing or extra one is a type error where boot is called. */
export type FastRoutes = Record<FastRouteKey, WebHandler>;
export type FastRoute = { handler: WebHandler; maxBodyBytes: number };
/** What server/http/methods.ts refuseMethod answers: the 405 with its headers and body, or null. */
export type Refusal = { status: 405; headers: Record<string, string>; body: string };
export type MethodGuard = (method: string, target: string, requestIdHeader?: string) => Refusal | null;

export const FAST_ROUTE_KEYS: readonly FastRouteKey[];
export function installFastRoutes(routes: FastRoutes, maxBodyBytes: number, refuseMethod: MethodGuard): void;
export function fastRoute(method: string | undefined, pathname: string): FastRoute | undefined;
export function refuseMethod(method: string, target: string, requestId?: string | string[]): Refusal | null;
