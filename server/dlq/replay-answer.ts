import "server-only";
import type { Replay, ReplayPlan } from "./contract.ts";
import { hidePayloads, type PayloadAccess } from "./payload-access.ts";

/** A replay submission's outcome, a Kafka topic's or an S3 prefix's alike: a dry run's plan, or the queued replay. */
export type SubmittedReplay = { dryRun: true; plan: ReplayPlan } | { dryRun: false; replay: Replay };

/**
 * What a replay submission answers and what its audit event says. A dry run's samples are decoded messages: below
 * NEXUS_DLQ_PAYLOAD_ROLE they keep only their metadata.
 */
export function replayAnswer(
  r: SubmittedReplay,
  access: PayloadAccess,
): { answer: SubmittedReplay; auditDetail: Record<string, unknown> } {
  if (!r.dryRun) {
    const { id, mode, selected, targetTopic } = r.replay;
    return { answer: r, auditDetail: { replay: id, mode, selected, targetTopic } };
  }
  const plan = access.shown
    ? r.plan
    : { ...r.plan, byTarget: r.plan.byTarget.map((t) => ({ ...t, samples: t.samples.map(hidePayloads) })) };
  return { answer: { ...r, plan }, auditDetail: { dryRun: true, total: r.plan.total } };
}
