import "server-only";
import { CLUSTERS, type ClusterHealth, type ServiceHealth, type Status } from "./contract.ts";

/** A cluster is up when all its services are, down when all are down, degraded in between. */
export function rollUp(services: ServiceHealth[]): { status: Status; clusters: ClusterHealth[] } {
  const clusters: ClusterHealth[] = [];
  for (const cluster of CLUSTERS) {
    const mine = services.filter((s) => s.cluster === cluster);
    if (!mine.length) continue;
    const up = mine.filter((s) => s.status === "up").length;
    const down = mine.filter((s) => s.status === "down").length;
    clusters.push({
      cluster,
      services: mine.length,
      up,
      status: up === mine.length ? "up" : down === mine.length ? "down" : "degraded",
      problems: mine.filter((s) => s.status !== "up").map((s) => `${s.service}: ${s.detail}`),
    });
  }
  const status: Status = !clusters.length
    ? "unknown"
    : clusters.every((c) => c.status === "up")
      ? "up"
      : clusters.every((c) => c.status === "down")
        ? "down"
        : "degraded";
  return { status, clusters };
}
