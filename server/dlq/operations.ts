import { z } from "zod";
import { defineOperation } from "../define-operation.ts";
import {
  BrowsePage,
  BrowseQuery,
  PAGE_PAYLOAD_MAX_BYTES,
  DlqMessage,
  ExportQuery,
  GroupQuery,
  GroupResult,
  MessageParams,
  PutMappingsBody,
  Replay,
  ReplayControlBody,
  ReplayCreated,
  CreateTargetTopicBody,
  CreatedTargetTopic,
  ReplayJournal,
  ReplayList,
  ReplayParams,
  ReplayRequest,
  SourceMappingList,
  TopicList,
  TopicParams,
  TopicSummary,
} from "./contract.ts";

const tag = "dlq";

export const dlqOps = {
  topics: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics",
    tag,
    role: "viewer",
    scope: "dlq:read",
    response: TopicList,
    summary: "Dead-letter topics with depth, growth, oldest and newest message and top error types",
    description:
      "The seed's three DLQ topics and every topic matching NEXUS_DLQ_TOPIC_PATTERN. 503 names the brokers when Kafka does not answer.",
  }),
  topic: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: TopicParams,
    response: TopicSummary,
    summary: "One dead-letter topic's summary",
    description: "404 names the topic when it does not exist.",
  }),
  messages: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/messages",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: TopicParams,
    query: BrowseQuery,
    response: BrowsePage,
    audit: "dlq.messages.read",
    summary: "Browse a page of messages, decoded, with their normalized error",
    description:
      "One partition or all (merged by timestamp), from `earliest`, `latest` (the default: newest page), an `offset` or a `timestamp`; " +
      "`next`/`prev` cursors page forward and backward. Filters (errorClass, originalTopic, text, since, until) read on until the page is full or " +
      "20,000 messages were read (`scanLimited`).\n\n" +
      `A page carries at most ${PAGE_PAYLOAD_MAX_BYTES} bytes of key, value and header previews (\`payloadBytes\`): every message of the page is still ` +
      "listed with its metadata and normalized error, and the cursors are the same, but from the first message whose previews do not fit on, " +
      'key, value and header values come as `kind: "omitted"` with their size and `payloadCapped` is true; read such a message alone ' +
      "(`…/messages/{partition}/{offset}`) or use a smaller `limit`.\n\n" +
      'Below NEXUS_DLQ_PAYLOAD_ROLE (`payloadRole`), `payloads` is `hidden`: keys, values and header values come as `kind: "hidden"` with ' +
      "their size, and a `text` filter (it searches contents) is 403. A page that shows payloads is audited as `dlq.messages.read` " +
      "(topic, partitions and offset ranges, count, bytes, filter).\n\n" +
      "Each message carries `replays`: the Nexus replays that sent it (from their journals), newest first, each with its `id`, the time `at` " +
      "which it was committed to the target, and `targetTopic`; empty when no replay sent it.",
  }),
  message: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/messages/{partition}/{offset}",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: MessageParams,
    query: z.object({ preview: z.coerce.number().int().min(256).max(4_194_304).default(262_144) }),
    response: DlqMessage,
    audit: "dlq.message.read",
    summary: "One message, with a larger preview",
    description:
      'Below NEXUS_DLQ_PAYLOAD_ROLE, key, value and header values come as `kind: "hidden"` with their size (the metadata and the ' +
      "normalized error stay). With payloads, audited as `dlq.message.read`. `replays` lists the replays that sent it, as on a page. " +
      "An offset outside the partition is 404 `no message at partition P offset O (end is E)` (or `(earliest is S)` below the log start).",
  }),
  download: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/messages/{partition}/{offset}/download",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: MessageParams,
    query: z.object({ part: z.enum(["key", "value"]).default("value") }),
    responseType: "application/octet-stream",
    audit: "dlq.message.download",
    summary: "The whole key or value of one message, as bytes",
    responses: { 204: { description: "The message has no such part (a null key, or a tombstone's value)" } },
    description: "403 naming the role below NEXUS_DLQ_PAYLOAD_ROLE. Audited as `dlq.message.download` (refusals too).",
  }),
  groups: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/groups",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: TopicParams,
    query: GroupQuery,
    response: GroupResult,
    summary: "Count matching messages by error class, original topic, stage or partition",
    description: "A `text` filter searches contents: 403 naming the role below NEXUS_DLQ_PAYLOAD_ROLE.",
  }),
  export: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/export",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: TopicParams,
    query: ExportQuery,
    responseType: ["application/x-ndjson", "text/csv"],
    audit: "dlq.export",
    summary: "Export what a filter matches as JSON lines or CSV (streamed)",
    description:
      "Reads Kafka as the client reads the response (a client that stops reading or goes away stops the reads), up to the committed " +
      "end seen at the start and at most 200,000 messages read. Message lines stop before NEXUS_DLQ_EXPORT_MAX_BYTES (`X-Export-Max-Bytes`); " +
      'an export cut by the cap or the read budget ends with a trailer line: `{"truncated":true,"reason":"byte-cap"|"scan-limit",…,' +
      '"next":{"partition":…,"offset":…}}` in JSON lines, `# truncated: …` in CSV. 403 naming the role below NEXUS_DLQ_PAYLOAD_ROLE ' +
      "(an export is contents). Audited as `dlq.export` before the first byte (partitions and offset ranges to read, filter, format) and " +
      "`dlq.export.end` when it ends (messages, bytes, why it ended).",
  }),
  mappings: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/topics/{topic}/mappings",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: TopicParams,
    response: SourceMappingList,
    summary: "Source-to-topic mapping of a dead-letter topic",
    description: "The seed's DLQ format names only a `source`; this mapping supplies the original topic for replay.",
  }),
  putMappings: defineOperation({
    method: "PUT",
    path: "/api/v1/dlq/topics/{topic}/mappings",
    tag,
    role: "operator",
    scope: "dlq:replay",
    params: TopicParams,
    body: PutMappingsBody,
    response: SourceMappingList,
    audit: "dlq.mappings.put",
    summary: "Replace the source-to-topic mapping of a dead-letter topic",
  }),
  submitReplay: defineOperation({
    method: "POST",
    path: "/api/v1/dlq/replays",
    tag,
    role: "operator",
    scope: "dlq:replay",
    body: ReplayRequest,
    response: ReplayCreated,
    status: 202,
    audit: "dlq.replay",
    responses: { 200: { description: "dryRun: the plan; nothing was sent" } },
    errors: {
      404:
        "The source, target or parking topic, or a partition, does not exist; or a selected offset is past the end of its partition " +
        "(`no message at partition P offset O (end is E)`)",
    },
    summary: "Replay messages (or dry-run the replay)",
    description:
      "Selected messages, or every message matching `filter` up to the end offsets seen now, go to their original topic or to `targetTopic`. " +
      "`dryRun: true` answers 200 with the plan (counts per target with samples, skipped and why) and sends nothing; otherwise 202 and a durable " +
      "`dlq.replay` job sends them exactly once, in Kafka transactions, at `ratePerSecond`.\n\n" +
      "The dry run checks every target it would write (and the override and parking topics): `blocking` lists each one the run cannot " +
      "write (`problem`: `missing`, or `unauthorized` by Kafka's authorizer) with `reason`, the error the run would fail with word for word, " +
      "and how many planned `messages` go there. `ok` is true only when nothing blocks: then the run will not fail on a target. Records whose " +
      'target the replay rules refuse (internal, dead-letter, NEXUS_REPLAY_TARGET_PATTERN) are in `skipped` ("target refused: …") in the dry ' +
      "run and skipped by the run alike; they do not block. A run that meets a missing or unauthorized target anyway fails at once with that " +
      "message (no retries); Kafka being unavailable is retried with backoff.\n\nBelow NEXUS_DLQ_PAYLOAD_ROLE the dry run's samples " +
      "come with `hidden` key, value and header values, and a `filter.text` is 403.",
  }),
  createTargetTopic: defineOperation({
    method: "POST",
    path: "/api/v1/dlq/target-topics",
    tag,
    role: "operator",
    scope: "dlq:replay",
    body: CreateTargetTopicBody,
    response: CreatedTargetTopic,
    status: 201,
    audit: "dlq.target-topic.create",
    errors: { 409: "The topic exists already", 404: "likeTopic is not a dead-letter topic or does not exist" },
    summary: "Create a missing replay target topic",
    description:
      "For a target a dry run reports as `blocking` (`missing`). The topic must be one replays may write: never an internal topic " +
      "(`_…`), never a dead-letter topic, and matching NEXUS_REPLAY_TARGET_PATTERN when set (else 400 naming the rule). Partitions and " +
      "replication factor come from the request, else from `likeTopic` (the dead-letter topic being replayed), else the brokers' defaults " +
      "(`num.partitions`, `default.replication.factor`); the answer says which (`layoutFrom`). 409 when it exists. Audited as " +
      "`dlq.target-topic.create` with the layout.",
  }),
  replays: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/replays",
    tag,
    role: "viewer",
    scope: "dlq:read",
    query: z.object({
      topic: z.string().max(249).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: ReplayList,
    summary: "Replay history: who, when, what, how many, outcome",
  }),
  replay: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/replays/{id}",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: ReplayParams,
    response: Replay,
    summary: "One replay",
  }),
  journal: defineOperation({
    method: "GET",
    path: "/api/v1/dlq/replays/{id}/journal",
    tag,
    role: "viewer",
    scope: "dlq:read",
    params: ReplayParams,
    query: z.object({
      outcome: z.enum(["sent", "skipped", "parked"]).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(500),
    }),
    response: ReplayJournal,
    summary: "A replay's per-message journal",
  }),
  control: defineOperation({
    method: "POST",
    path: "/api/v1/dlq/replays/{id}/control",
    tag,
    role: "operator",
    scope: "dlq:replay",
    params: ReplayParams,
    body: ReplayControlBody,
    response: Replay,
    audit: "dlq.replay.control",
    summary: "Pause, resume or cancel a replay",
    errors: { 409: "The replay has already finished" },
  }),
};
export { dlqS3Ops } from "./s3-operations.ts";
