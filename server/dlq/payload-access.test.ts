import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../errors.ts";
import type { ReadRecord } from "./messages.ts";
import { assertTextFilterAllowed, hidePayloads, pageMessages, payloadAccess } from "./payload-access.ts";
import { toDlqMessage } from "./messages.ts";

const error = {
  format: "unknown",
  originalTopic: null,
  originalTopicFrom: null,
  originalPartition: null,
  originalOffset: null,
  errorClass: "E",
  message: null,
  stage: null,
  timestamp: null,
  stackTrace: null,
  attempts: null,
  source: null,
  replayCount: 0,
} as const;
const rec = (offset: number, value: string): ReadRecord =>
  ({
    topic: "dlq.t",
    partition: 0,
    offset: BigInt(offset),
    timestamp: 1_700_000_000_000n,
    key: Buffer.from(`k${offset}`),
    value: Buffer.from(value),
    headers: [["h", Buffer.from("x")]],
    error: { ...error },
  }) as ReadRecord;

describe("payload access", () => {
  it("asks for the payload role: viewer below operator, admin above", () => {
    expect(payloadAccess("viewer", "operator")).toEqual({ shown: false, role: "operator" });
    expect(payloadAccess("admin", "operator").shown).toBe(true);
    expect(() => assertTextFilterAllowed(payloadAccess("viewer", "operator"), "viewer", { text: "4111" })).toThrow(
      ForbiddenError,
    );
    expect(() =>
      assertTextFilterAllowed(payloadAccess("viewer", "operator"), "viewer", { errorClass: "E" }),
    ).not.toThrow();
  });

  it("lists every message of a page but drops previews from the first that passes the byte cap", () => {
    const recs = [rec(0, "a".repeat(400)), rec(1, "b".repeat(400)), rec(2, "c"), rec(3, "d")];
    const { messages, bytes, capped } = pageMessages("dlq.t", recs, {
      preview: 16_384,
      access: { shown: true, role: "viewer" },
      maxBytes: 500,
    });
    // The second does not fit: it and every later one (the small third too) are listed without previews.
    expect(messages.map((m) => m.value.kind)).toEqual(["text", "omitted", "omitted", "omitted"]);
    expect(messages[3]!.headers[0]!.value).toEqual({
      kind: "omitted",
      text: null,
      base64: null,
      size: 1,
      truncated: false,
    });
    expect(messages.map((m) => m.offset)).toEqual(["0", "1", "2", "3"]);
    expect(bytes).toBe(400 + 2 + 1);
    expect(capped).toBe(true);
  });

  it("hides every payload below the role, keeping sizes, nulls and the error", () => {
    const r = { ...rec(5, "secret"), key: null };
    const hidden = pageMessages("dlq.t", [r], {
      preview: 16_384,
      access: { shown: false, role: "operator" },
      maxBytes: 900,
    }).messages[0]!;
    expect(hidden.key.kind).toBe("null");
    expect(hidden.value).toEqual({ kind: "hidden", text: null, base64: null, size: 6, truncated: false });
    expect(hidden.error.errorClass).toBe("E");
    expect(hidePayloads(toDlqMessage("dlq.t", rec(6, "secret"), 100))).toMatchObject({
      key: { kind: "hidden", size: 2 },
      value: { kind: "hidden", text: null },
    });
  });
});
