import { describe, expect, it } from "vitest";
import type { ReadRecord } from "./messages.ts";
import { toDlqMessage } from "./messages.ts";
import { payloadAccess } from "./payload-access.ts";
import { replayAnswer, type SubmittedReplay } from "./replay-answer.ts";

const record = {
  topic: "dlq.t",
  partition: 0,
  offset: 7n,
  timestamp: 1_700_000_000_000n,
  key: Buffer.from("card-4111"),
  value: Buffer.from('{"card":"4111 1111 1111 1111"}'),
  headers: [["h", Buffer.from("x")]],
  error: { format: "unknown", errorClass: "E", replayCount: 0 },
} as unknown as ReadRecord;

const dryRun: SubmittedReplay = {
  dryRun: true,
  plan: {
    sourceTopic: "dlq.t",
    ok: true,
    blocking: [],
    total: 1,
    byTarget: [{ topic: "orders", count: 1, samples: [toDlqMessage("dlq.t", record, 1024)] }],
    skipped: [],
    endOffsets: { "0": "8" },
    scanned: 1,
  },
};

describe("a replay submission's answer", () => {
  it("keeps a dry run's samples' payloads from a caller below the payload role, and audits the total", () => {
    const { answer, auditDetail } = replayAnswer(dryRun, payloadAccess("viewer", "operator"));
    const sample = answer.dryRun ? answer.plan.byTarget[0]!.samples[0]! : null;
    expect(JSON.stringify(sample)).not.toContain("4111");
    expect(sample).toMatchObject({ partition: 0, offset: "7" });
    expect(auditDetail).toEqual({ dryRun: true, total: 1 });
  });

  it("shows them at the payload role", () => {
    const { answer } = replayAnswer(dryRun, payloadAccess("operator", "operator"));
    expect(JSON.stringify(answer)).toContain("4111");
  });
});
