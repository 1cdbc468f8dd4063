import { describe, expect, it } from "vitest";
import { endWhenDisallowed } from "./stream-guard.ts";

/** An endless SSE stream, as a following log or the health stream is; `cancelled` resolves when its producer is told to stop. */
function endless() {
  let timer: NodeJS.Timeout | undefined;
  let onCancel!: () => void;
  const cancelled = new Promise<void>((r) => (onCancel = r));
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      timer = setInterval(() => c.enqueue(new TextEncoder().encode("event: tick\ndata: {}\n\n")), 20);
    },
    cancel() {
      clearInterval(timer);
      onCancel();
    },
  });
  return { res: new Response(body, { headers: { "content-type": "text/event-stream" } }), cancelled };
}

async function readAll(res: Response): Promise<string> {
  return new Response(res.body).text();
}

describe("endWhenDisallowed", () => {
  it("ends the stream with an error event and stops its producer once the caller is no longer allowed", async () => {
    const { res, cancelled } = endless();
    let allowed = true;
    const guarded = endWhenDisallowed(res, { everyMs: 50, isStillAllowed: async () => allowed });
    setTimeout(() => (allowed = false), 200);
    const started = Date.now();
    const text = await readAll(guarded);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(text).toContain("event: tick");
    expect(text.trimEnd().split("\n\n").at(-1)).toMatch(/^event: error\ndata: .*no longer valid/);
    await cancelled;
    expect(guarded.headers.get("content-type")).toBe("text/event-stream");
  });
  it("ends when the check itself fails", async () => {
    const { res } = endless();
    const text = await readAll(
      endWhenDisallowed(res, { everyMs: 30, isStillAllowed: () => Promise.reject(new Error("database down")) }),
    );
    expect(text).toContain("event: error");
  });
  it("passes a finite stream through and stops checking when it ends", async () => {
    let checks = 0;
    const res = new Response("event: end\ndata: {}\n\n", { headers: { "content-type": "text/event-stream" } });
    expect(await readAll(endWhenDisallowed(res, { everyMs: 20, isStillAllowed: async () => (++checks, true) }))).toBe(
      "event: end\ndata: {}\n\n",
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(checks).toBe(0);
  });
});
