import "server-only";
import { z } from "zod";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import type { TransactionalWriter } from "../adapters/kafka/index.ts";
import type { S3Store } from "../adapters/s3/index.ts";
import { defineJobHandler, getJob, PermanentJobError } from "../jobs/index.ts";
import { isPermanentReplayError } from "./replay-errors.ts";
import type { DlqScope } from "./replay-targets.ts";
import { runReplay } from "./run-replay.ts";

const MAX_ATTEMPTS = 5;

/** What a replay run is handed by the runtime: its configuration and a way to open its own Kafka clients. */
export type ReplayJobDeps = {
  /** Targets are checked against the rules of this configuration, like the dry run's. */
  scope: DlqScope;
  /** The bucket of S3 dead letters, for replays whose source is an S3 prefix. */
  s3?: S3Store | null;
  /** A gateway of the run's own, named after it (clientId), closed when the run ends. */
  openGateway(clientId: string): KafkaGateway;
  /** The run's transactional writer, its transactional id fixed per replay. */
  openWriter(transactionalId: string): TransactionalWriter;
};

/** Records a failed attempt on the replay: cancelled, failed for good, or queued for the job's next attempt. */
async function recordFailure(
  db: Db,
  opts: { replayId: string; jobId: string; signal: AbortSignal; attempt: number; error: unknown },
): Promise<boolean> {
  const { signal, error: e } = opts;
  // Cancelled by request (the runner aborts the signal); class names do not survive bundling, the job row does.
  const cancelled = signal.aborted && (await getJob(db, opts.jobId).catch(() => null))?.cancelRequested === true;
  const message = signal.aborted
    ? String((signal.reason as Error | undefined)?.message ?? "stopped")
    : e instanceof Error
      ? e.message
      : String(e);
  const permanent = !signal.aborted && isPermanentReplayError(e);
  const state = cancelled ? "cancelled" : permanent || opts.attempt >= MAX_ATTEMPTS ? "failed" : "queued";
  await db.dlqReplay
    .update({
      where: { id: opts.replayId },
      data: {
        state,
        error: state === "queued" ? `attempt ${opts.attempt} failed, retrying: ${message}` : message,
        finishedAt: state === "queued" ? null : new Date(),
      },
    })
    .catch(() => undefined);
  return permanent;
}

/**
 * `dlq.replay`: sends a replay's records back, exactly once (see runReplay). A run whose process died is
 * resumed by the next runner once its lease expires; a failed attempt is retried with backoff, unless its error is
 * permanent (a missing or unauthorized target): then it fails at once with that message.
 */
export function createReplayJob(deps: ReplayJobDeps) {
  return defineJobHandler({
    kind: "dlq.replay",
    payload: z.object({ replayId: z.uuid() }),
    maxAttempts: MAX_ATTEMPTS,
    async run({ payload, db, signal, log, progress, attempt, jobId }) {
      const { replayId } = payload;
      const kafka = deps.openGateway(`nexus-replay-${replayId}`);
      const writer = deps.openWriter(`nexus-replay-${replayId}`);
      try {
        return await runReplay({
          db,
          kafka,
          writer,
          replayId,
          signal,
          log,
          scope: deps.scope,
          s3: deps.s3 ?? null,
          progress: (done, total, message) => progress({ done, total, message }),
        });
      } catch (e) {
        const permanent = await recordFailure(db, { replayId, jobId, signal, attempt, error: e });
        throw permanent ? new PermanentJobError(e instanceof Error ? e.message : String(e), { cause: e }) : e;
      } finally {
        await writer.close();
        await kafka.close();
      }
    },
  });
}
