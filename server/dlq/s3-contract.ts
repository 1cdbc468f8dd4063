import { z } from "zod";
import { MessageFilter, MessageRef, ReplayRequestFields } from "./request-contract.ts";

/**
 * The S3 dead-letter layout (docs/dlq-s3.md): s3://<bucket>/dlq/<dlq_type>/date=YYYY-MM-DD/<file>.jsonl[.gz], one
 * seed envelope per line. A prefix names a dlq type, or one date of it; nothing else is accepted (no `..`, no
 * wildcard, no other folder), so a caller can read only what the layout defines.
 */
export const S3_DLQ_ROOT = "dlq/";
export const S3_REPROCESS_ROOT = "reprocess/";
const TYPE = "[a-z0-9][a-z0-9_-]{0,62}";
export const S3_DLQ_PREFIX_RE = new RegExp(`^dlq/(${TYPE})/(date=(\\d{4}-\\d{2}-\\d{2})/)?$`);
/** A dead-letter object: JSON lines, gzip allowed. Other objects under the prefix (markers, temp files) are left out. */
export const S3_DLQ_OBJECT_RE = /\.jsonl(\.gz)?$/;

export const S3Prefix = z
  .string()
  .max(200)
  .regex(S3_DLQ_PREFIX_RE, "dlq/<dlq_type>/ or dlq/<dlq_type>/date=YYYY-MM-DD/ (type: a-z, 0-9, '_', '-')");

export const S3PrefixQuery = z.object({ prefix: S3Prefix });

const Folder = z.object({ prefix: z.string(), objects: z.number().int(), bytes: z.number().int() });
export const S3PrefixList = z.object({
  bucket: z.string(),
  types: z.array(
    Folder.extend({
      dlqType: z.string(),
      newest: z.string().nullable(),
      dates: z.array(Folder.extend({ date: z.string() })),
    }),
  ),
  /** True when the listing stopped at 10,000 objects. */
  truncated: z.boolean(),
});
export type S3PrefixList = z.infer<typeof S3PrefixList>;

export const S3BrowseQuery = MessageFilter.extend({
  prefix: S3Prefix,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque: the `next` cursor of an earlier page. */
  cursor: z.string().max(2000).optional(),
  preview: z.coerce.number().int().min(256).max(1_048_576).default(16_384),
});
export type S3BrowseQuery = z.infer<typeof S3BrowseQuery>;

export const S3GroupQuery = MessageFilter.extend({
  prefix: S3Prefix,
  by: z.enum(["errorClass", "originalTopic", "stage", "partition"]).default("errorClass"),
});
export const S3ExportQuery = MessageFilter.extend({
  prefix: S3Prefix,
  format: z.enum(["jsonl", "csv"]).default("jsonl"),
});

/** A replay of S3 dead letters into Kafka: the Kafka replay's request with the prefix in place of the topic. */
export const S3ReplayRequest = ReplayRequestFields.omit({ sourceTopic: true })
  .extend({ prefix: S3Prefix })
  .refine((r) => (r.messages === undefined) !== (r.filter === undefined), {
    message: "give either messages or filter",
    path: ["messages"],
  });
export type S3ReplayRequest = z.infer<typeof S3ReplayRequest>;

export const S3CopyRequest = z
  .object({
    prefix: S3Prefix,
    messages: z.array(MessageRef).min(1).max(100_000).optional(),
    filter: MessageFilter.optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((r) => (r.messages === undefined) !== (r.filter === undefined), {
    message: "give either messages or filter",
    path: ["messages"],
  });
export type S3CopyRequest = z.infer<typeof S3CopyRequest>;

export const S3CopyResult = z.object({
  dryRun: z.boolean(),
  source: z.string(),
  /** s3://<bucket>/reprocess/<dlq_type>/date=YYYY-MM-DD/<file>.jsonl: written unless dryRun. */
  target: z.string(),
  records: z.number().int(),
  bytes: z.number().int(),
  scanned: z.number().int(),
  /** True when the scan stopped at its budget (200,000 records read) before the end of the prefix. */
  scanLimited: z.boolean(),
});
export type S3CopyResult = z.infer<typeof S3CopyResult>;
