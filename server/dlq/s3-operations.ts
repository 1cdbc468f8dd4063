import { defineOperation } from "../define-operation.ts";
import { BrowsePage, GroupResult, ReplayCreated } from "./contract.ts";
import {
  S3BrowseQuery,
  S3CopyRequest,
  S3CopyResult,
  S3ExportQuery,
  S3GroupQuery,
  S3PrefixList,
  S3ReplayRequest,
} from "./s3-contract.ts";

const tag = "dlq";
const missing = "The bucket (NEXUS_S3_DLQ_BUCKET) does not exist, or the prefix holds no .jsonl or .jsonl.gz object";
const layout =
  "S3 dead letters live at `s3://<NEXUS_S3_DLQ_BUCKET>/dlq/<dlq_type>/date=YYYY-MM-DD/<file>.jsonl` (or `.jsonl.gz`), one seed " +
  "envelope per line (docs/dlq-s3.md). `prefix` is `dlq/<dlq_type>/` or `dlq/<dlq_type>/date=YYYY-MM-DD/`; anything else is 400. " +
  "A missing bucket is 404 and a bucket that refuses access or an endpoint that does not answer 503, each naming the bucket; " +
  "S3 not configured is 503.";

/** The S3 dead-letter endpoints: the Kafka DLQ's reads, replay and roles, on a prefix instead of a topic. */
export const dlqS3Ops = {
  s3Prefixes: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/s3/prefixes",
    tag,
    role: "viewer",
    scope: "dlq:read",
    errors: { 404: "The bucket (NEXUS_S3_DLQ_BUCKET) does not exist" },
    response: S3PrefixList,
    summary: "S3 dead-letter types and dates, with object counts and sizes",
    description: layout,
  }),
  s3Records: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/s3/records",
    tag,
    role: "viewer",
    scope: "dlq:read",
    errors: { 404: missing },
    query: S3BrowseQuery,
    response: BrowsePage,
    audit: "dlq.messages.read",
    summary: "Browse a page of S3 dead letters, decoded, with their normalized error",
    description:
      `${layout}\n\nObjects in key order, each from its first line; \`next\` pages forward (\`prev\` is null). A message's ` +
      "`partition` is its object's place in the listing, `offset` its line among the object's non-empty lines, `object` the key. " +
      "Filters, payload roles, the page's byte cap and the audit (`dlq.messages.read`) are those of a Kafka DLQ page.",
  }),
  s3Groups: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/s3/groups",
    tag,
    role: "viewer",
    scope: "dlq:read",
    errors: { 404: missing },
    query: S3GroupQuery,
    response: GroupResult,
    summary: "Count S3 dead letters by error class, original topic, stage or object",
    description: `${layout}\n\nA \`text\` filter searches contents: 403 naming the role below NEXUS_DLQ_PAYLOAD_ROLE.`,
  }),
  s3Export: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/s3/export",
    tag,
    role: "viewer",
    scope: "dlq:read",
    errors: { 404: missing },
    query: S3ExportQuery,
    responseType: ["application/x-ndjson", "text/csv"],
    audit: "dlq.export",
    summary: "Export the S3 dead letters a filter matches as JSON lines or CSV (streamed)",
    description: `${layout}\n\nAs the Kafka DLQ export: byte cap, scan budget, trailer line, payload role, audit at start and end.`,
  }),
  s3Replay: defineOperation({
    method: "POST",
    path: "/api/v1/dlq/s3/replays",
    tag,
    role: "operator",
    scope: "dlq:replay",
    errors: { 404: `${missing}; or a selected record, the target or the parking topic does not exist` },
    body: S3ReplayRequest,
    response: ReplayCreated,
    status: 202,
    audit: "dlq.replay",
    responses: { 200: { description: "dryRun: the plan; nothing was sent" } },
    summary: "Replay S3 dead letters into Kafka (or dry-run it)",
    description:
      `${layout}\n\nThe Kafka replay (POST /api/v1/dlq/replays) with \`prefix\` in place of \`sourceTopic\`: the same plan, rules, ` +
      "rate, loop guard, parking, journal and exactly-once job. The seed's envelope goes out unwrapped to its `original_message`, " +
      "with `nexus-replay-*` provenance headers (source topic: the `s3://` prefix, partition and offset: object and line, and " +
      "`nexus-replay-source-object`: the key). The objects and their line counts are fixed at submission (`endOffsets`, by key).",
  }),
  s3Copy: defineOperation({
    method: "POST",
    path: "/api/v1/dlq/s3/copies",
    tag,
    role: "operator",
    scope: "dlq:replay",
    errors: { 404: missing, 413: "The copy would exceed 64 MiB" },
    body: S3CopyRequest,
    response: S3CopyResult,
    audit: "dlq.s3.copy",
    summary: "Copy S3 dead letters to the reprocess prefix (or dry-run it)",
    description:
      `${layout}\n\nThe selected records, or what \`filter\` matches (at most 200,000 read), are written as they are, one line ` +
      "each, to one new object `reprocess/<dlq_type>/date=<today>/nexus-<time>-<id>.jsonl` of the same bucket. `dryRun` counts " +
      "and writes nothing. At most 64 MiB (else 413). Audited as `dlq.s3.copy` with the source, target and count.",
  }),
};
