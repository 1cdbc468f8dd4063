import "server-only";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { applyStack, stopStack } from "./apply-stack.ts";
import { LABEL } from "./container-spec.ts";
import type { ServiceFacts, StackDriver } from "./driver.ts";
import { runServiceAction } from "./service-ops.ts";
import { projectOf } from "./project.ts";
import type { Template } from "./templates.ts";

async function projectContainers(engine: ContainerEngine, t: Template) {
  return (await engine.listByLabels({ [LABEL.project]: projectOf(t) }))
    .filter((c) => c.labels[LABEL.oneoff] !== "True")
    .map((c) => ({ service: c.labels[LABEL.service]!, c }));
}

/** Today's engine: the template as a Compose project (containers with Compose's labels) on the Docker engine. */
export const composeDriver: StackDriver = {
  name: "compose",
  isDeployed: async (engine, t) => (await projectContainers(engine, t)).length > 0,
  up: ({ engine, template: t, signal, onEvent, settle }) =>
    applyStack({
      engine,
      project: projectOf(t),
      compose: t.compose,
      workingDir: t.dir,
      configFile: t.file,
      signal,
      settle,
      onEvent,
    }),
  async down({ engine, template: t, volumes, onEvent }) {
    const project = projectOf(t);
    const stopped = await stopStack({ engine, project, compose: t.compose, onEvent });
    const containers = await engine.listByLabels({ [LABEL.project]: project });
    await Promise.all(containers.map((c) => engine.remove(c.id))); // all stopped already: remove them together
    const volumesRemoved = volumes ? await engine.removeVolumesAndNetworks({ [LABEL.project]: project }) : [];
    return { stopped, removed: containers.map((c) => c.name), volumesRemoved };
  },
  serviceAction: (opts) => runServiceAction(opts),
  async facts(engine, t) {
    const out = new Map<string, ServiceFacts>();
    for (const { service, c } of await projectContainers(engine, t)) {
      // With host networking nothing is published: show the ports the file says the service listens on.
      const expose = (t.compose.services[service]?.expose ?? []).map(String);
      out.set(service, {
        container: c.name,
        state: c.status,
        health: c.health,
        exitCode: c.status === "exited" ? c.exitCode : null,
        startedAt: c.startedAt,
        ports: c.ports.length ? c.ports : expose,
      });
    }
    return out;
  },
  containers: projectContainers,
};
