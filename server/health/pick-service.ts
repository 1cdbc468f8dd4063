import "server-only";
import type { ServiceHealth } from "./contract.ts";

/**
 * The service a view asks for `kind` (a Prometheus, an Iceberg catalog): a running container of a stack whose
 * template probe is of that kind, else a probe of that kind (NEXUS_PROBES); within each, one that is not down wins
 * over one that is. Undefined when there is none.
 */
export function pickService(services: readonly ServiceHealth[], kind: string): ServiceHealth | undefined {
  const stack = services.filter(
    (s) =>
      s.kind === "container" &&
      s.metrics.probeKind === kind &&
      typeof s.metrics.probeUrl === "string" &&
      s.metrics.state === "running",
  );
  const probed = services.filter((s) => s.kind === kind);
  return stack.find((s) => s.status !== "down") ?? probed.find((s) => s.status !== "down") ?? stack[0] ?? probed[0];
}
