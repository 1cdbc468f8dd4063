import { z } from "zod";
import { defineOperation } from "../define-operation.ts";
import { Liveness, Readiness, SystemInfo } from "./contract.ts";

export const systemOps = {
  healthz: defineOperation({
    method: "GET",
    path: "/api/healthz",
    tag: "system",
    role: "public",
    response: Liveness,
    summary: "Liveness: the process answers",
  }),
  readyz: defineOperation({
    method: "GET",
    path: "/api/readyz",
    tag: "system",
    role: "public",
    response: Readiness,
    responses: { 503: { description: "Not ready: migrations pending" } },
    summary: "Readiness: database reachable and migrations applied",
    description:
      "Anonymous callers get the status only; a signed-in viewer or a token also gets the checks. 503 when migrations are pending; 503 problem `dependency-unavailable` (with Retry-After) when the database does not answer.",
  }),
  metrics: defineOperation({
    method: "GET",
    path: "/api/metrics",
    tag: "system",
    role: "public",
    // Public to the wrapper; the handler asks for a caller unless NEXUS_METRICS_PUBLIC, and a scoped token needs this.
    scope: "health:read",
    responseType: "text/plain",
    summary: "Prometheus metrics",
    description:
      "Needs a viewer (a token for Prometheus; a scoped token needs `health:read`) unless NEXUS_METRICS_PUBLIC=true.",
    errors: {
      401: "No session or token while NEXUS_METRICS_PUBLIC is false, or the token is invalid, expired or revoked",
    },
  }),
  openapi: defineOperation({
    method: "GET",
    path: "/api/openapi.json",
    tag: "system",
    role: "viewer",
    scope: null,
    response: z.record(z.string(), z.unknown()),
    summary: "This OpenAPI 3.1 document",
  }),
  info: defineOperation({
    method: "GET",
    path: "/api/v1/system",
    tag: "system",
    role: "viewer",
    scope: null,
    response: SystemInfo,
    summary: "Version, database and counts",
  }),
  notFound: defineOperation({
    method: "GET",
    path: "/api/v1/{path}",
    tag: "system",
    role: "viewer",
    scope: null,
    summary: "Unknown API paths answer 404 problem+json",
    params: z.object({ path: z.array(z.string()) }),
  }),
};
