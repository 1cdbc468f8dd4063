import "server-only";
import { z } from "zod";
import { KafkaGateway } from "../../adapters/kafka/kafka-gateway.ts";
import { getConfig } from "../../config.ts";
import { runReplay } from "../../dlq/run-replay.ts";
import { isPermanentReplayError } from "../../dlq/replay-errors.ts";
import { defineJobHandler, PermanentJobError } from "../types.ts";

const MAX_ATTEMPTS = 5;

/**
 * `dlq.replay`: sends a replay's records back, exactly once (see runReplay). A run whose process died is
 * resumed by the next runner once its lease expires; a failed attempt is retried with backoff, unless its error is
 * permanent (a missing or unauthorized target): then it fails at once with that message (issue #15).
 */
export const dlqReplay = defineJobHandler({
  kind: "dlq.replay",
  payload: z.object({ replayId: z.uuid() }),
  maxAttempts: MAX_ATTEMPTS,
  async run({ payload, db, signal, log, progress, attempt, jobId }) {
    const cfg = getConfig();
    const kafka = new KafkaGateway({ brokers: cfg.kafka.brokers, timeoutMs: Math.max(cfg.kafka.timeoutMs, 10_000), clientId: `nexus-replay-${payload.replayId}` });
    try {
      return await runReplay({
        db, kafka, replayId: payload.replayId, signal, log, scope: cfg.dlqScope,
        progress: (done, total, message) => progress({ done, total, message }),
      });
    } catch (e) {
      // Cancelled by request (the runner aborts the signal); class names do not survive bundling, the job row does.
      const cancelled = signal.aborted && (await db.job.findUnique({ where: { id: jobId }, select: { cancelRequested: true } }))?.cancelRequested === true;
      const message = signal.aborted ? String((signal.reason as Error | undefined)?.message ?? "stopped") : e instanceof Error ? e.message : String(e);
      const permanent = !signal.aborted && isPermanentReplayError(e);
      const state = cancelled ? "cancelled" : permanent || attempt >= MAX_ATTEMPTS ? "failed" : "queued";
      await db.dlqReplay.update({
        where: { id: payload.replayId },
        data: { state, error: state === "queued" ? `attempt ${attempt} failed, retrying: ${message}` : message, finishedAt: state === "queued" ? null : new Date() },
      }).catch(() => undefined);
      throw permanent ? new PermanentJobError(message, { cause: e }) : e;
    } finally {
      await kafka.close();
    }
  },
});
