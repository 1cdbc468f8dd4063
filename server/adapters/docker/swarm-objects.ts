// Swarm configs and secrets by name and label. Their data goes to the engine only: never into a message or a log.
import "server-only";
import type Docker from "dockerode";
import { call, type DockerError } from "./call.ts";

export type SwarmObjectKind = "config" | "secret";
export type SwarmObject = { id: string; name: string; labels: Record<string, string> };

/** Listing and removing a swarm's configs and secrets. */
export type SwarmObjects = {
  /** The configs or secrets with these labels. */
  listObjects(kind: SwarmObjectKind, labels: Record<string, string>): Promise<SwarmObject[]>;
  /** The id of the config or secret with exactly this name, or null. */
  objectId(kind: SwarmObjectKind, name: string): Promise<string | null>;
  /** Removes one; false when a service still uses it (the engine refuses), true when removed or already gone. */
  removeObject(kind: SwarmObjectKind, id: string): Promise<boolean>;
};

type RawObject = { ID: string; Spec: { Name: string; Labels?: Record<string, string> } };

export function createSwarmObjects(docker: Docker): SwarmObjects {
  const list = async (kind: SwarmObjectKind, filters: Record<string, string[]>) =>
    (
      (kind === "config"
        ? await docker.listConfigs({ filters })
        : await docker.listSecrets({ filters })) as unknown as RawObject[]
    ).map((o) => ({
      id: o.ID,
      name: o.Spec.Name,
      labels: o.Spec.Labels ?? {},
    }));
  return {
    listObjects: (kind, labels) =>
      call(`list ${kind}s`, () => list(kind, { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) })),
    objectId: (kind, name) =>
      call(
        `${kind} ${name}`,
        async () => (await list(kind, { name: [name] })).find((o) => o.name === name)?.id ?? null,
      ),
    removeObject: (kind, id) =>
      call(`remove ${kind} ${id}`, async () => {
        try {
          await (kind === "config" ? docker.getConfig(id) : docker.getSecret(id)).remove();
          return true;
        } catch (e) {
          const status = (e as DockerError).statusCode;
          if (status === 404) return true;
          if (status === 400 || status === 409) return false; // in use by a service
          throw e;
        }
      }),
  };
}
