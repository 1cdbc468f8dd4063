import "server-only";
import type { ServiceHealth } from "./contract.ts";
import { pickService } from "./pick-service.ts";

/** The Prometheus the charts and alerts ask, and why: one resolution for every view. */
export type PrometheusChoice = {
  url: string | null;
  origin: "config" | "stack" | "probe" | null;
  /** The health service that probes it, when one does (its alerts and targets come from that probe). */
  service: string | null;
  reason: string;
};

const hostOf = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/+$/, "");

/**
 * NEXUS_PROMETHEUS_URL when set; else the Prometheus service of a running stack (a container whose template
 * probe is a Prometheus probe); else a Prometheus of NEXUS_PROBES. Within stack and probe, one that is not
 * down wins over one that is.
 */
export function resolvePrometheus(
  explicitUrl: string | undefined,
  services: readonly ServiceHealth[],
): PrometheusChoice {
  if (explicitUrl) {
    const probed = services.find((s) => s.kind === "prometheus" && hostOf(s.target) === hostOf(explicitUrl));
    return {
      url: explicitUrl,
      origin: "config",
      service: probed?.service ?? null,
      reason: `asking NEXUS_PROMETHEUS_URL at ${hostOf(explicitUrl)}`,
    };
  }
  const pick = pickService(services, "prometheus");
  if (!pick)
    return {
      url: null,
      origin: null,
      service: null,
      reason:
        "no Prometheus to ask: set NEXUS_PROMETHEUS_URL, start a stack with a Prometheus, or add a prometheus entry to NEXUS_PROBES",
    };
  if (pick.kind === "container") {
    const url = pick.metrics.probeUrl as string;
    const stackName = pick.service.split("/")[0];
    const down = pick.status === "down" ? ` (down: ${pick.detail})` : "";
    return {
      url,
      origin: "stack",
      service: pick.service,
      reason: `asking Prometheus of stack ${stackName} at ${hostOf(url)}${down}`,
    };
  }
  const down = pick.status === "down" ? ` (down: ${pick.detail})` : "";
  return {
    url: pick.target,
    origin: "probe",
    service: pick.service,
    reason: `asking probed Prometheus ${pick.service} at ${hostOf(pick.target)} (NEXUS_PROBES)${down}`,
  };
}
