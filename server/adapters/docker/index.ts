// The Docker engine: containers, images, volumes and networks found by label, with their log and stats streams.
import "server-only";
export { createContainerEngine, type ContainerEngine, type ContainerState, type CreateSpec } from "./engine.ts";
export { createContainerExec, type ContainerExec, type ExecResult } from "./exec.ts";
export {
  type SwarmEngine,
  type SwarmNode,
  type SwarmService,
  type SwarmServiceSpec,
  type SwarmTask,
} from "./swarm.ts";
export type { SwarmObject, SwarmObjectKind } from "./swarm-objects.ts";
