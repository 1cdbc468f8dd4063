import { BlockList, isIP } from "node:net";

/**
 * The socket's remote address, set by the production server (scripts/serve.mjs) on every request after dropping
 * any copy the client sent: Next.js does not hand route handlers the socket, and its own X-Forwarded-For keeps
 * whatever the client wrote.
 */
export const PEER_HEADER = "x-nexus-peer-address";
/** Set on globalThis by scripts/serve.mjs: without it (`next start`, `next dev`) the peer header is the client's. */
const PEER_MARK = Symbol.for("nexus.peer-header");

/** The proxies (NEXUS_TRUSTED_PROXIES) whose X-Forwarded-For and X-Forwarded-Proto are believed. */
export type ProxyTrust = { trusts: (address: string) => boolean };

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack socket reports) as plain IPv4. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Whether `entry` is an IP address or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(entry: string): boolean {
  const [ip, prefix, ...rest] = entry.split("/");
  const family = isIP(ip ?? "");
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return {
    trusts: (address) => {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return entries.length > 0 && family !== 0 && list.check(a, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

/** The socket's peer as scripts/serve.mjs reported it, or undefined when no such server is in front. */
export function peerAddress(headers: Headers): string | undefined {
  if (!(globalThis as { [PEER_MARK]?: boolean })[PEER_MARK]) return undefined;
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
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => normalizeAddress(h.trim())).filter((h) => isIP(h));
  for (let i = hops.length - 1; i >= 0; i--) if (!trust.trusts(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/** Whether the browser reached us over HTTPS: only a trusted proxy can say so (this server speaks plain HTTP). */
export function isHttpsRequest(headers: Headers, trust: ProxyTrust): boolean {
  const peer = peerAddress(headers);
  if (!peer || !trust.trusts(peer)) return false;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
