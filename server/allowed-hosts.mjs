// The Host allow-list against DNS rebinding: a page on evil.example whose name an attacker re-points at
// 127.0.0.1 reaches this server with `Host: evil.example`; refusing every Host we do not serve stops it.
// Plain JavaScript so that scripts/serve.mjs (every request of the production server), proxy.ts (pages under
// `next dev`) and server/http/route.ts (the API under `next dev`) share this one rule.
import { hostname as machineName, networkInterfaces } from "node:os";

const ENTRY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/;
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** A `host[:port]` entry lowercased, or null when it is not one. IPv6 addresses in brackets. */
export function parseHostEntry(entry) {
  const m = ENTRY.exec(entry.trim());
  if (!m || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))) return null;
  return m[2] === undefined ? m[1].toLowerCase() : `${m[1].toLowerCase()}:${Number(m[2])}`;
}

/** NEXUS_ALLOWED_HOSTS' entries that are not `host[:port]` (empty when all are). */
export function invalidHostEntries(list) {
  return list
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e && parseHostEntry(e) === null);
}

const bracketed = (address) => (address.includes(":") ? `[${address}]` : address);

/**
 * What may appear in Host. NEXUS_ALLOWED_HOSTS when set (an entry without a port allows every port). By default the
 * loopback names and the listen address, each with the listen port; on a wildcard address (0.0.0.0, ::) also the
 * machine's name and its interface addresses, since an address literal cannot be re-pointed by DNS.
 */
export function allowedHosts({ list, host, port }) {
  const given = (list ?? "")
    .split(",")
    .map((e) => parseHostEntry(e))
    .filter(Boolean);
  if (given.length) return new Set(given);
  const names = new Set(["localhost", "127.0.0.1", "[::1]"]);
  if (WILDCARDS.has(host)) {
    names.add(machineName().toLowerCase());
    for (const nets of Object.values(networkInterfaces()))
      for (const n of nets ?? []) names.add(bracketed(n.address.split("%")[0].toLowerCase()));
  } else {
    names.add(bracketed(host.replace(/^\[|\]$/g, "").toLowerCase()));
  }
  return new Set([...names].map((n) => `${n}:${port}`));
}

/** The allow-list from the environment the server was started with (HOST, PORT, NEXUS_ALLOWED_HOSTS). */
export function allowedHostsFromEnv(env) {
  return allowedHosts({
    list: env.NEXUS_ALLOWED_HOSTS,
    host: env.HOST || "127.0.0.1",
    port: Number(env.PORT || "3000"),
  });
}

/** Whether a Host header names this server. A Host without a port means the scheme's default one. */
export function isAllowedHost(hostHeader, allowed, https = false) {
  const entry = hostHeader ? parseHostEntry(hostHeader) : null;
  if (!entry) return false;
  const withPort = /:\d+$/.test(entry) && !entry.endsWith("]") ? entry : `${entry}:${https ? 443 : 80}`;
  return allowed.has(withPort) || allowed.has(withPort.replace(/:\d+$/, ""));
}

/** The 421 problem for a refused Host: the same body on every path, pages included. */
export function misdirectedProblem(instance, requestId) {
  return {
    type: "/problems/misdirected-request",
    title: "Misdirected request",
    status: 421,
    detail: "this server does not answer for that Host name; add it to NEXUS_ALLOWED_HOSTS if it is really this server",
    instance,
    requestId,
  };
}
