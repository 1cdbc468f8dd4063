// DLQ inspect and replay: browse dead-letter topics, normalize why messages failed, replay them exactly once.
import "server-only";
export { assertDlqTopic, isInternalTopic, listDlqTopics, summarizeTopic, SEED_DLQ_TOPICS } from "./topics.ts";
export type { DlqScope } from "./replay-targets.ts";
export { browseTopic, readOne } from "./browse.ts";
export { groupMessages, exportMessages } from "./group-export.ts";
export { exportDownload } from "./export-download.ts";
export type { ExportEnd } from "./export-reader.ts";
export {
  payloadAccess,
  assertPayloadAccess,
  assertTextFilterAllowed,
  messageWithoutPayloads,
  hidePayloads,
  type PayloadAccess,
} from "./payload-access.ts";
export { listMappings, putMappings } from "./mappings.ts";
export { createTargetTopic } from "./create-target-topic.ts";
export { submitReplay, listReplays, getReplay, replayJournal, controlReplay } from "./replays.ts";
export { replayAnswer, type SubmittedReplay } from "./replay-answer.ts";
export { toDlqMessage, withError } from "./messages.ts";
export { loadMapping } from "./scan.ts";
export { replayMarks } from "./replay-marks.ts";
export { dlqOps } from "./operations.ts";
export { browseAuditDetail, messageAuditDetail, exportStartDetail, exportEndDetail } from "./read-audit.ts";
export { createReplayJob, type ReplayJobDeps } from "./replay-job.ts";
export type { DeadLetterLog, SourceRecord } from "./source.ts";
export { browseS3 } from "./s3-browse.ts";
export { listS3Prefixes, openS3Log } from "./s3-source.ts";
export { submitS3Replay, copyToReprocess } from "./s3-replays.ts";
