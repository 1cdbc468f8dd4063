import "server-only";
import { normalizeDependsOn } from "./plan-levels.ts";
import type { Template } from "./templates.ts";

/** The Compose project, or the Swarm stack, a template runs as: its file's `name`, else the template's. */
export function projectOf(t: Template): string {
  return t.compose.name ?? t.name;
}

/** Services that run once and exit: marked `oneShot` in template.json, or waited for with `service_completed_successfully`. */
export function isOneShot(t: Template, service: string): boolean {
  if (t.meta.services[service]?.oneShot) return true;
  return Object.values(t.compose.services).some(
    (s) => normalizeDependsOn(s.depends_on)[service] === "service_completed_successfully",
  );
}
