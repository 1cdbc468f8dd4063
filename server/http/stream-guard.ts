import "server-only";

const enc = new TextEncoder();

/**
 * A streamed response (Server-Sent Events: logs with follow, health, job and stack events) that asks
 * `isStillAllowed` every `everyMs` and, once it answers no (or fails), sends `event: error` naming why and
 * ends, cancelling the producer. Signing out, disabling the user, lowering their role or revoking the token
 * thus ends a stream opened before, within the interval. The check stops when the stream ends.
 */
export function endWhenDisallowed(
  res: Response,
  o: { everyMs: number; isStillAllowed: () => Promise<boolean> },
): Response {
  if (!res.body) return res;
  const inner = res.body.getReader();
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, last?: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    try {
      if (last) controller.enqueue(enc.encode(last));
      controller.close();
    } catch {
      /* the client has gone */
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const check = async () => {
        const allowed = await o.isStillAllowed().catch(() => false);
        if (ended) return;
        if (allowed) {
          timer = setTimeout(() => void check(), o.everyMs);
          return;
        }
        end(
          controller,
          `event: error\ndata: ${JSON.stringify({ message: "your session or token is no longer valid for this stream" })}\n\n`,
        );
        void inner.cancel().catch(() => undefined);
      };
      timer = setTimeout(() => void check(), o.everyMs);
    },
    async pull(controller) {
      try {
        const { done, value } = await inner.read();
        if (done) end(controller);
        else if (!ended) controller.enqueue(value);
      } catch {
        end(controller);
      }
    },
    cancel(reason) {
      ended = true;
      clearTimeout(timer);
      return inner.cancel(reason);
    },
  });
  return new Response(stream, { status: res.status, statusText: res.statusText, headers: res.headers });
}
