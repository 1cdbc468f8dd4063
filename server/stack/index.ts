// Stack control (issue #5): so far the pure planning core — Compose parsing, interpolation, checks and
// start levels. The Docker engine, templates, API and UI build on it.
export { parseCompose, type ComposeProblem, type ComposeService, type ParsedCompose } from "./compose/parse-compose.ts";
export { interpolateString, interpolateDocument, InterpolationError, type Env } from "./compose/interpolate.ts";
export { findHostPortClashes, publishedPorts } from "./compose/host-ports.ts";
export { planLevels, findCycles, normalizeDependsOn, type DependsOnCondition } from "./plan-levels.ts";
export { validateComposeSchema } from "./compose/validate-schema.ts";
export { createStackJobs } from "./stack-jobs.ts";
export { LABEL } from "./container-spec.ts";
export { projectOf } from "./stack-status.ts";
export { listTemplateNames, loadTemplate, type Template } from "./templates.ts";
