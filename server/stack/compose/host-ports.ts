/**
 * Host ports each service takes, and clashes between them. With host networking (all our local
 * templates) every listening port is a host port, so `expose` counts too; otherwise only published
 * `ports` do. Compose's short (`"127.0.0.1:8080:80/tcp"`, `"9000-9001:9000-9001"`) and long forms are read.
 */
import "server-only";
export type PortProblem = { path: string; message: string };
type Claim = { port: number; protocol: string; ip: string; path: string; service: string };

function range(spec: string): number[] {
  const [a, b] = spec.split("-").map(Number);
  if (a === undefined || !Number.isInteger(a)) return [];
  const end = b !== undefined && Number.isInteger(b) ? b : a;
  return end >= a && end - a < 10_000 ? Array.from({ length: end - a + 1 }, (_, i) => a + i) : [];
}

/** Host side of one `ports` entry. */
export function publishedPorts(entry: unknown): { ports: number[]; protocol: string; ip: string } {
  if (typeof entry === "number") return { ports: [], protocol: "tcp", ip: "" }; // container port only: random host port
  if (entry && typeof entry === "object") {
    const e = entry as { published?: string | number; protocol?: string; host_ip?: string };
    return {
      ports: e.published === undefined ? [] : range(String(e.published)),
      protocol: e.protocol ?? "tcp",
      ip: e.host_ip ?? "",
    };
  }
  const s = String(entry);
  const [spec, protocol = "tcp"] = s.split("/");
  const parts = spec!.split(":");
  if (parts.length === 1) return { ports: [], protocol, ip: "" };
  const host = parts.at(-2)!;
  const ip =
    parts.length > 2
      ? parts
          .slice(0, -2)
          .join(":")
          .replace(/^\[|\]$/g, "")
      : "";
  return { ports: range(host), protocol, ip };
}

export function findHostPortClashes(
  services: Record<string, { ports?: unknown[]; expose?: unknown[]; network_mode?: string }>,
): PortProblem[] {
  const claims: Claim[] = [];
  for (const [service, s] of Object.entries(services)) {
    (s.ports ?? []).forEach((entry, i) => {
      const p = publishedPorts(entry);
      for (const port of p.ports)
        claims.push({ port, protocol: p.protocol, ip: p.ip, path: `services.${service}.ports[${i}]`, service });
    });
    if (s.network_mode === "host") {
      (s.expose ?? []).forEach((entry, i) => {
        const [spec, protocol = "tcp"] = String(entry).split("/");
        for (const port of range(spec!))
          claims.push({ port, protocol, ip: "", path: `services.${service}.expose[${i}]`, service });
      });
    }
  }
  const problems: PortProblem[] = [];
  const first = new Map<string, Claim>();
  for (const c of claims) {
    // An unspecified address (all interfaces) clashes with every address on the same port.
    const rivals = [...first.values()].filter(
      (o) => o.port === c.port && o.protocol === c.protocol && (o.ip === c.ip || !o.ip || !c.ip),
    );
    const rival = rivals.find((o) => o.service !== c.service) ?? rivals[0];
    if (rival)
      problems.push({ path: c.path, message: `host port ${c.port}/${c.protocol} is also taken by ${rival.path}` });
    else first.set(`${c.ip}|${c.port}|${c.protocol}|${c.path}`, c);
  }
  return problems;
}
