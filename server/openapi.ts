import "server-only";
import { healthOps } from "./health/operations.ts";
import { createDocument } from "zod-openapi";
import { z } from "zod";
import { auditOps } from "./audit/operations.ts";
import { authOps, tokenOps, userOps } from "./auth/operations.ts";
import { jobOps } from "./jobs/operations.ts";
import { stackOps } from "./stack/operations.ts";
import { dlqOps, dlqS3Ops } from "./dlq/operations.ts";
import { lineageOps } from "./lineage/operations.ts";
import { systemOps } from "./system/operations.ts";
import { catalogOps } from "./catalog/operations.ts";
import { backupOps } from "./backup/operations.ts";
import { isMutating, type Operation } from "./define-operation.ts";
import { SCOPES } from "./auth/contract.ts";

/** Every API operation; the route-inventory test checks this list against app/api's file tree. */
export const allOperations: readonly Operation[] = [
  ...Object.values(systemOps),
  ...Object.values(authOps),
  ...Object.values(userOps),
  ...Object.values(tokenOps),
  ...Object.values(auditOps),
  ...Object.values(jobOps),
  ...Object.values(stackOps),
  ...Object.values(dlqOps),
  ...Object.values(dlqS3Ops),
  ...Object.values(lineageOps),
  ...Object.values(healthOps),
  ...Object.values(catalogOps),
  ...Object.values(backupOps),
];

const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    dependency: z.string().optional().meta({ description: "The dependency that did not answer (503)" }),
    retryAfterSeconds: z
      .number()
      .optional()
      .meta({ description: "Also sent as Retry-After (429, a 503 expected to pass)" }),
  })
  .loose()
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

type Content = Record<string, { schema: unknown }>;
type ResponseObject = { description: string; content?: Content; headers?: Record<string, unknown> };

const retryAfter = { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } };

function problem(description: string, headers?: Record<string, unknown>): ResponseObject {
  return { description, content: { "application/problem+json": { schema: Problem } }, ...(headers && { headers }) };
}

/** Event data schemas, by component name: the document's components (a `contentSchema` refers to them). */
type EventSchemas = Record<string, z.ZodType>;

/**
 * SSE as a schema: one `{event, data}` per event name, as clients (and schemathesis) read a stream. `data` is the
 * text of the `data:` line, JSON whose schema is the component `contentSchema` names.
 */
function eventStreamSchema(operationId: string, events: Record<string, z.ZodType>, components: EventSchemas) {
  const variants = Object.entries({ ...events, error: z.object({ message: z.string() }) }).map(([event, data]) => {
    const id = `${operationId}_${event}`;
    components[id] = data;
    const text = z
      .string()
      .meta({ contentMediaType: "application/json", contentSchema: { $ref: `#/components/schemas/${id}` } });
    return z.object({ event: z.literal(event), data: text });
  });
  return z
    .union(variants)
    .meta({ description: "Each event of the stream: `event: <event>` then `data: <JSON>`; `error` ends it" });
}

function successOf(op: Operation, components: EventSchemas): ResponseObject {
  const ok = op.status ?? 200;
  if (ok === 204) return { description: "Done" };
  if (ok === 302)
    return { description: op.response ? "Redirect (Location)" : "Redirect: the browser follows Location" };
  const types = [op.responseType ?? "application/json"].flat();
  const schemaOf = (type: string) =>
    type === "text/event-stream" && op.events
      ? eventStreamSchema(operationIdOf(op), op.events, components)
      : (op.response ?? z.string());
  return {
    description: "Success",
    content: Object.fromEntries(types.map((type) => [type, { schema: schemaOf(type) }])),
  };
}

/**
 * What an operation answers, derived from its declaration where the route wrapper decides it (server/http/route.ts),
 * plus its own `errors` and `responses`. Every error is application/problem+json with the one Problem schema.
 */
function responsesOf(op: Operation, components: EventSchemas): Record<string, ResponseObject> {
  const r: Record<string, ResponseObject> = { [String(op.status ?? 200)]: successOf(op, components) };
  r["400"] = problem("Invalid input: see `errors` for the failing paths");
  if (op.role !== "public") {
    r["401"] = problem("Not signed in, or the API token is invalid, expired or revoked");
    const scope = op.scope ? `, a scoped token without ${op.scope} (missing-scope)` : "";
    r["403"] = problem(`Role below ${op.role}${scope}, or CSRF or Origin check failed`);
  } else if (isMutating(op.method)) r["403"] = problem("Origin check failed");
  if (op.params) r["404"] = problem("Not found");
  if (op.body) {
    r["413"] = problem("Body over the size limit");
    r["415"] = problem("Body is not application/json");
  }
  for (const [status, description] of Object.entries(op.errors ?? {})) r[status] = problem(description);
  r["431"] = { description: "Request headers too large (answered by the HTTP server, without a body)" };
  r["500"] = problem("Unexpected error");
  r["503"] = problem(
    "A dependency (the database, or the Kafka or Docker the operation uses) does not answer; retry after Retry-After when given",
    retryAfter,
  );
  for (const [status, { description, schema }] of Object.entries(op.responses ?? {})) {
    if (status === "204") {
      r[status] = { description };
      continue;
    }
    const json = { "application/json": { schema: schema ?? op.response ?? z.string() } };
    r[status] = {
      ...r[status],
      description: r[status] ? `${description}; or ${r[status].description}` : description,
      content: { ...json, ...r[status]?.content },
    };
  }
  return r;
}

/**
 * Tuples as arrays of their members' union: schemathesis 4.32 reads 3.1's `prefixItems` as a draft-4 `items` array
 * and rejects the operation's schema (health series points were never tested). Length bounds stay.
 */
function tupleAsArray({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  const members = jsonSchema.prefixItems;
  if (!Array.isArray(members)) return;
  delete jsonSchema.prefixItems;
  jsonSchema.items = members.length === 1 ? members[0] : { anyOf: members };
}

function operationIdOf(op: Operation): string {
  return `${op.method.toLowerCase()}${op.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`;
}

function accessOf(op: Operation): string {
  if (op.role === "public") return "No authentication.";
  const scope = op.scope ? ` A scoped API token needs the \`${op.scope}\` scope.` : " Any API token, scoped or not.";
  return `Role: **${op.role}** or higher.${scope}`;
}

/** The bearer requirement lists the operation's scope: OpenAPI 3.1 lets non-OAuth schemes name required roles there. */
function securityOf(op: Operation): Record<string, string[]>[] {
  if (op.role === "public") return [];
  return [{ bearer: op.scope ? [op.scope] : [] }, { session: [] }];
}

const scopeList = Object.entries(SCOPES)
  .map(([scope, what]) => `- \`${scope}\`: ${what}`)
  .join("\n");

export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const eventSchemas: EventSchemas = {};
  for (const op of allOperations) {
    if (op === systemOps.notFound) continue;
    const requestParams = { ...(op.query && { query: op.query }), ...(op.params && { path: op.params }) };
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: operationIdOf(op),
      summary: op.summary,
      description: [op.description, accessOf(op)].filter(Boolean).join("\n\n"),
      tags: [op.tag],
      "x-required-role": op.role,
      ...(op.role !== "public" && { "x-required-scope": op.scope ?? null }),
      security: securityOf(op),
      ...(Object.keys(requestParams).length > 0 && { requestParams }),
      ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: op.body } } } }),
      responses: responsesOf(op, eventSchemas),
    };
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Nexus Control Plane API",
        version,
        description:
          "Manage the Nexus Data Platform: stack, DLQs, lineage, quality, health. Errors are application/problem+json; every response carries X-Request-Id.",
      },
      servers: [{ url: "/" }],
      components: {
        schemas: eventSchemas,
        securitySchemes: {
          bearer: {
            type: "http",
            scheme: "bearer",
            description:
              "API token from Settings → API tokens or `npm run token`. A token may be limited to scopes (each operation's " +
              "security requirement names the one it needs; a token without scopes has its role's full reach):\n" +
              scopeList,
          },
          session: {
            type: "apiKey",
            in: "cookie",
            name: "__Host-nexus_session",
            description:
              "Browser session (`nexus_session` over plain HTTP to localhost); mutations also need the X-CSRF-Token header",
          },
        },
      },
      paths: paths as never,
    },
    { override: tupleAsArray },
  );
}
