// Stack control: templates (NEXUS_TEMPLATES_DIR) as Compose projects on the Docker engine. The public surface:
// the use cases the routes call, the template and status model other capabilities read, and the pure planning
// core (Compose parsing, interpolation, checks, start levels).
import "server-only";
export { listStacks } from "./list-stacks.ts";
export { getStackStatus, projectOf } from "./stack-status.ts";
export { validateCompose } from "./validate.ts";
export { listTemplateNames, loadTemplate, type Template } from "./templates.ts";
export { runStackOperation, assertMayRemoveVolumes } from "./run-stack-operation.ts";
export { runServiceOperation, runSwarmServiceOperation } from "./service-operation.ts";
export { StackDriverName, type StackDriver } from "./driver.ts";
export { planPlacement, type PlacementPlan } from "./swarm/placement.ts";
export { streamLogs, streamStats } from "./streams.ts";
export { LABEL } from "./container-spec.ts";
export { parseCompose, type ComposeProblem, type ComposeService, type ParsedCompose } from "./compose/parse-compose.ts";
export { interpolateString, interpolateDocument, InterpolationError, type Env } from "./compose/interpolate.ts";
export { findHostPortClashes, publishedPorts } from "./compose/host-ports.ts";
export { planLevels, findCycles, normalizeDependsOn, type DependsOnCondition } from "./plan-levels.ts";
export { validateComposeSchema } from "./compose/validate-schema.ts";
export { createStackJobs } from "./stack-jobs.ts";
