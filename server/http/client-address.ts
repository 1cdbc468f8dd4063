import "server-only";
import { isIP } from "node:net";
import { normalizeAddress, type ProxyTrust } from "../net-address.ts";
import { PEER_HEADER, peerHeaderTrusted } from "./node-io.mjs";

/**
 * The socket's remote address, set by the production server (scripts/serve.mjs) on every request after dropping
 * any copy the client sent: Next.js does not hand route handlers the socket, and its own X-Forwarded-For keeps
 * whatever the client wrote.
 */
export { PEER_HEADER };
/** The socket's peer as scripts/serve.mjs reported it, or undefined when no such server is in front. */
export function peerAddress(headers: Headers): string | undefined {
  if (!peerHeaderTrusted()) return undefined;
  const peer = headers.get(PEER_HEADER);
  return peer && isIP(normalizeAddress(peer)) ? normalizeAddress(peer) : undefined;
}

/**
 * The client's address: the socket peer, unless that is a trusted proxy; then the nearest X-Forwarded-For
 * entry (from the right) that is not a trusted proxy. Anything the client wrote itself is ignored, so a
 * forged header cannot move an attacker to a fresh per-address rate limit. "unknown" without serve.mjs.
 */
export function clientIp(headers: Headers, trust: ProxyTrust): string {
  const peer = peerAddress(headers);
  if (!peer) return "unknown";
  if (!trust.trusts(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => normalizeAddress(h.trim()))
    .filter((h) => isIP(h));
  for (let i = hops.length - 1; i >= 0; i--) if (!trust.trusts(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/** Whether the browser reached us over HTTPS: only a trusted proxy can say so (this server speaks plain HTTP). */
export function isHttpsRequest(headers: Headers, trust: ProxyTrust): boolean {
  const peer = peerAddress(headers);
  if (!peer || !trust.trusts(peer)) return false;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
