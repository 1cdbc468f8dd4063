import { healthOps } from "../health/operations.ts";
import { createDocument } from "zod-openapi";
import { z } from "zod";
import { auditOps } from "../audit/operations.ts";
import { authOps, tokenOps, userOps } from "../auth/operations.ts";
import { jobOps } from "../jobs/operations.ts";
import { stackOps } from "../stack/operations.ts";
import { dlqOps } from "../dlq/operations.ts";
import { lineageOps } from "../lineage/operations.ts";
import { systemOps } from "../system/operations.ts";
import type { Operation } from "./operation.ts";

/** Every API operation; the route-inventory test checks this list against app/api's file tree. */
export const allOperations: readonly Operation[] = [
  ...Object.values(systemOps), ...Object.values(authOps), ...Object.values(userOps), ...Object.values(tokenOps),
  ...Object.values(auditOps), ...Object.values(jobOps), ...Object.values(stackOps), ...Object.values(dlqOps), ...Object.values(lineageOps),
  ...Object.values(healthOps),
];

const Problem = z
  .object({
    type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), instance: z.string(), requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

function problem(description: string) {
  return { description, content: { "application/problem+json": { schema: Problem } } };
}

export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of allOperations) {
    if (op === systemOps.notFound) continue;
    const ok = op.status ?? 200;
    const responses: Record<string, unknown> = {
      [String(ok)]: ok === 204
        ? { description: "Done" }
        : { description: "Success", content: { [op.responseType ?? "application/json"]: { schema: op.response ?? z.string() } } },
      "400": problem("Invalid input: see `errors` for the failing paths"),
      "500": problem("Unexpected error"),
    };
    if (op.role !== "public") {
      responses["401"] = problem("Not signed in, or the API token is invalid, expired or revoked");
      responses["403"] = problem(`Role below ${op.role}, or CSRF check failed`);
    }
    if (op.body) responses["413"] = problem("Body over the size limit");
    if (op.params) responses["404"] = problem("Not found");
    const requestParams = { ...(op.query && { query: op.query }), ...(op.params && { path: op.params }) };
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${op.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: op.summary,
      description: [op.description, op.role === "public" ? "No authentication." : `Role: **${op.role}** or higher.`].filter(Boolean).join("\n\n"),
      tags: [op.tag],
      "x-required-role": op.role,
      security: op.role === "public" ? [] : [{ bearer: [] }, { session: [] }],
      ...(Object.keys(requestParams).length > 0 && { requestParams }),
      ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: op.body } } } }),
      responses,
    };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Nexus Control Plane API", version,
      description: "Manage the Nexus Data Platform: stack, DLQs, lineage, quality, health. Errors are application/problem+json; every response carries X-Request-Id.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "API token from Settings → API tokens or `npm run token`" },
        session: {
          type: "apiKey", in: "cookie", name: "__Host-nexus_session",
          description: "Browser session (`nexus_session` over plain HTTP to localhost); mutations also need the X-CSRF-Token header",
        },
      },
    },
    paths: paths as never,
  });
}
