// IP addresses and CIDR blocks: the configuration checks NEXUS_TRUSTED_PROXIES with them, the runtime builds the
// trust list once, and server/http/client-address.ts asks it about each request's hops.
import "server-only";
import { BlockList, isIP } from "node:net";

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
