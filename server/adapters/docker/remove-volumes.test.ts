import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { call } from "./call.ts";
import { resourceCalls } from "./engine.ts";

// A fake engine whose volume stays "in use" (409) for a few removals after its containers went, as dockerd does
// after `docker stack rm`, then goes.
function engine(busyFor: number, status = 409) {
  const attempts: string[] = [];
  const docker = {
    listVolumes: async () => ({ Volumes: [{ Name: "s_data" }, { Name: "s_logs" }] }),
    listNetworks: async () => [{ Id: "n1", Name: "s_default" }],
    getVolume: (name: string) => ({
      remove: async () => {
        attempts.push(name);
        if (attempts.filter((a) => a === name).length <= busyFor)
          throw Object.assign(new Error("volume is in use"), {
            statusCode: status,
            json: { message: "volume is in use" },
          });
      },
    }),
    getNetwork: () => ({ remove: async () => undefined }),
  } as unknown as Docker;
  return { calls: resourceCalls(docker, call), attempts };
}

describe("removing a stack's volumes", () => {
  it("waits out a volume still in use for a moment after its containers, then removes it", async () => {
    const { calls, attempts } = engine(2);
    expect(await calls.removeVolumesAndNetworks({ ns: "s" })).toEqual(["s_data", "s_logs", "s_default"]);
    expect(attempts).toEqual(["s_data", "s_data", "s_data", "s_logs", "s_logs", "s_logs"]);
  });

  it("does not retry other failures", async () => {
    const { calls, attempts } = engine(1, 500);
    await expect(calls.removeVolumesAndNetworks({ ns: "s" })).rejects.toThrow(
      /remove volumes and networks: volume is in use/,
    );
    expect(attempts).toEqual(["s_data"]);
  });
});
