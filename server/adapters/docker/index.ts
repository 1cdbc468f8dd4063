import "server-only";
export { createContainerEngine, type ContainerEngine, type ContainerState, type CreateSpec } from "./engine.ts";
