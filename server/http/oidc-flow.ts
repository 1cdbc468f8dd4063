import "server-only";
import { z } from "zod";
import { readCookie } from "./request-context.ts";

/** What the flow cookie holds: the checks of one sign-in and where to go after it. */
const FlowCookie = z
  .object({
    state: z.string().min(16).max(200),
    nonce: z.string().min(16).max(200),
    codeVerifier: z.string().min(43).max(128),
    next: z.string().max(2000),
  })
  .strict();
export type FlowCookie = z.infer<typeof FlowCookie>;

export function encodeFlow(flow: FlowCookie): string {
  return Buffer.from(JSON.stringify(flow)).toString("base64url");
}

/** The flow of this browser's sign-in, or null when it has none or it is not one we wrote. */
export function readFlow(headers: Headers, cookieName: string): FlowCookie | null {
  const raw = readCookie(headers, cookieName);
  if (!raw) return null;
  try {
    const parsed = FlowCookie.safeParse(JSON.parse(Buffer.from(decodeURIComponent(raw), "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
