import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { S3Store } from "../adapters/s3/index.ts";
import type { Principal } from "../auth/index.ts";
import { NotFoundError, PayloadTooLargeError } from "../errors.ts";
import type { MessageRef } from "./contract.ts";
import { assertTargetsAllowed, planReplay, queueReplay } from "./replays.ts";
import type { ReplaySpec } from "./replay-plan.ts";
import { loadTargetRules, type DlqScope } from "./replay-targets.ts";
import { loadMapping, scanRanges, SCAN_BUDGET, topicRanges } from "./scan.ts";
import {
  S3_DLQ_PREFIX_RE,
  S3_REPROCESS_ROOT,
  type S3CopyRequest,
  type S3CopyResult,
  type S3ReplayRequest,
} from "./s3-contract.ts";
import type { S3DeadLetterLog } from "./s3-log.ts";
import { endsByObject, openS3Log } from "./s3-source.ts";
import type { SourceRecord } from "./source.ts";

/**
 * Replays S3 dead letters into Kafka with the Kafka replay's plan, rules and job: the seed's envelope is unwrapped
 * to its original_message, provenance headers name the prefix, object and line, and the run is exactly once with
 * a journal. The objects and their record counts are fixed now (the replay's end offsets, by object key).
 */
export async function submitS3Replay(opts: {
  kafka: KafkaGateway;
  s3: S3Store | null;
  db: Db;
  scope: DlqScope;
  req: S3ReplayRequest;
  principal: Principal;
  kick: () => void;
}) {
  const { req, kafka, db, scope } = opts;
  assertTargetsAllowed(req, await loadTargetRules(db, scope));
  const log = await openS3Log(opts.s3, req.prefix);
  try {
    const offsets = await log.partitionOffsets();
    if (!req.dryRun) for (const t of [req.targetTopic, req.parkingTopic]) if (t) await kafka.metadata([t]);
    const bad = req.messages?.find((m) => !offsets[m.partition] || BigInt(m.offset) >= offsets[m.partition]!.stable);
    if (bad) throw new NotFoundError(`${log.name} has no record at object ${bad.partition} line ${bad.offset}`);
    const spec: ReplaySpec = {
      sourceTopic: log.name,
      messages: req.messages ?? null,
      filter: req.filter ?? null,
      targetTopic: req.targetTopic ?? null,
      loopGuard: req.loopGuard,
      parkingTopic: req.parkingTopic ?? null,
      maxMessages: req.maxMessages ?? null,
      endOffsets: Object.fromEntries(offsets.map((p) => [String(p.partition), p.stable.toString()])),
    };
    const endOffsets = endsByObject(log, offsets);
    if (req.dryRun) {
      const plan = await planReplay({ kafka, db, spec, scope, source: log });
      return { dryRun: true as const, plan: { ...plan, endOffsets } };
    }
    return { dryRun: false as const, replay: await queueReplay({ ...opts, spec: { ...spec, endOffsets } }) };
  } finally {
    log.close();
  }
}

/** Most bytes one copy writes (it is held in memory and written as one object). */
export const COPY_MAX_BYTES = 64 * 1024 * 1024;

/** Visits the selected records, object by object, each object read once up to its last selected line. */
async function forSelected(log: S3DeadLetterLog, refs: MessageRef[], visit: (r: SourceRecord) => void) {
  const by = new Map<number, bigint[]>();
  for (const m of refs) by.set(m.partition, [...(by.get(m.partition) ?? []), BigInt(m.offset)]);
  let scanned = 0;
  for (const [p, offs] of [...by].sort((a, b) => a[0] - b[0])) {
    const want = new Set(offs);
    const last = offs.reduce((a, b) => (b > a ? b : a));
    if (!log.objects[p]) throw new NotFoundError(`${log.name} has no object number ${p}`);
    const recs = await log.read(log.name, p, 0n, { max: Number(last) + 1, end: last + 1n });
    scanned += recs.length;
    for (const r of recs) if (want.has(r.offset)) visit(r);
  }
  return { scanned, limited: false };
}

/**
 * Copies dead letters (selected, or what a filter matches) to s3://<bucket>/reprocess/<dlq_type>/date=<today>/,
 * one new object of the envelopes as they were, for a batch job to pick up again. Dry run: counts only.
 */
export async function copyToReprocess(opts: { s3: S3Store | null; db: Db; req: S3CopyRequest }): Promise<S3CopyResult> {
  const { req } = opts;
  const log = await openS3Log(opts.s3, req.prefix);
  try {
    const lines: Buffer[] = [];
    let bytes = 0;
    let records = 0;
    const count = (r: SourceRecord): void => {
      records++;
      bytes += (r.value?.length ?? 0) + 1;
      if (bytes > COPY_MAX_BYTES)
        throw new PayloadTooLargeError(`the copy would exceed ${COPY_MAX_BYTES} bytes: select fewer records`);
      if (!req.dryRun) lines.push(r.value ?? Buffer.alloc(0), Buffer.from("\n"));
    };
    const res = req.messages
      ? await forSelected(log, req.messages, count)
      : await scanRanges({
          source: log,
          topic: log.name,
          ranges: await topicRanges(log, log.name, req.filter!),
          filter: req.filter!,
          mapping: await loadMapping(opts.db, log.name),
          budget: SCAN_BUDGET,
          visit: count,
        });
    const dlqType = S3_DLQ_PREFIX_RE.exec(req.prefix)![1]!;
    const day = new Date().toISOString().slice(0, 10);
    const stamp = new Date().toISOString().replace(/[-:.]/g, "");
    const key = `${S3_REPROCESS_ROOT}${dlqType}/date=${day}/nexus-${stamp}-${randomBytes(3).toString("hex")}.jsonl`;
    if (!req.dryRun && records) await log.store.put(key, Buffer.concat(lines), "application/x-ndjson");
    return {
      dryRun: req.dryRun,
      source: log.name,
      target: `s3://${log.store.bucket}/${key}`,
      records,
      bytes: records ? bytes : 0,
      scanned: res.scanned,
      scanLimited: res.limited,
    };
  } finally {
    log.close();
  }
}
