import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { bindOnHost, hostPathMapper, ownContainerId, toHostPath } from "./host-paths.ts";

const id = "a".repeat(60) + "0123";
const inContainer = [
  "812 790 0:52 / / rw,relatime master:300 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X",
  `830 812 254:1 /var/lib/docker/containers/${id}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw`,
  `831 812 254:1 /var/lib/docker/containers/${id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw`,
  "832 812 254:1 /var/lib/docker/volumes/nexus-data/_data /data rw,relatime master:1 - ext4 /dev/vda rw",
].join("\n");
const mounts = [
  { source: "/var/lib/docker/volumes/nexus-data/_data", destination: "/data" },
  { source: "/var/run/docker.sock", destination: "/var/run/docker.sock" },
  { source: "/srv/templates", destination: "/data/templates" },
];

describe("host paths of a containerised control plane", () => {
  it("finds the own container's id in mountinfo, and none on a host", () => {
    expect(ownContainerId(inContainer)).toBe(id);
    expect(ownContainerId("22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda rw")).toBeNull();
    expect(ownContainerId("")).toBeNull();
  });

  it("maps a path through the deepest mount that holds it", () => {
    expect(toHostPath("/data/pglite", mounts)).toBe("/var/lib/docker/volumes/nexus-data/_data/pglite");
    expect(toHostPath("/data/templates/nexus-local/prometheus.yml", mounts)).toBe(
      "/srv/templates/nexus-local/prometheus.yml",
    );
    expect(toHostPath("/data", mounts)).toBe("/var/lib/docker/volumes/nexus-data/_data");
    expect(toHostPath("/database/x", mounts)).toBe("/database/x");
    expect(toHostPath("/etc/hosts", mounts)).toBe("/etc/hosts");
  });

  it("rewrites absolute bind sources only, keeping target and mode", () => {
    expect(bindOnHost("/data/templates/a/p.yml:/etc/p.yml:ro", mounts)).toBe("/srv/templates/a/p.yml:/etc/p.yml:ro");
    expect(bindOnHost("nexus-local_pg:/var/lib/postgresql", mounts)).toBe("nexus-local_pg:/var/lib/postgresql");
    expect(bindOnHost("/var/run/docker.sock:/var/run/docker.sock", mounts)).toBe(
      "/var/run/docker.sock:/var/run/docker.sock",
    );
  });

  it("inspects its own container once, and changes nothing outside a container", async () => {
    const dir = mkdtempSync(join(tmpdir(), "host-paths-"));
    writeFileSync(join(dir, "in"), inContainer);
    writeFileSync(join(dir, "out"), "22 1 254:1 / / rw - ext4 /dev/vda rw");
    const inspected: string[] = [];
    const docker = {
      getContainer: (cid: string) => ({
        inspect: async () => {
          inspected.push(cid);
          return { Mounts: [{ Source: mounts[0]!.source, Destination: "/data" }] };
        },
      }),
    } as unknown as Docker;
    const spec = { name: "x", HostConfig: { Binds: ["/data/templates/p.yml:/etc/p.yml:ro", "vol:/v"] } };
    const inside = hostPathMapper(docker, join(dir, "in")).container;
    expect((await inside(spec)).HostConfig?.Binds).toEqual([
      "/var/lib/docker/volumes/nexus-data/_data/templates/p.yml:/etc/p.yml:ro",
      "vol:/v",
    ]);
    await inside(spec);
    expect(inspected).toEqual([id]);
    expect(await hostPathMapper(docker, join(dir, "out")).container(spec)).toBe(spec);
    expect(inspected).toHaveLength(1);
  });

  it("maps a Swarm service's bind sources the same way, and leaves volumes and relative sources alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "host-paths-"));
    writeFileSync(join(dir, "in"), inContainer);
    const docker = {
      getContainer: () => ({
        inspect: async () => ({ Mounts: [{ Source: mounts[0]!.source, Destination: "/data" }] }),
      }),
    } as unknown as Docker;
    const spec = {
      Name: "nexus-local_prometheus",
      TaskTemplate: {
        ContainerSpec: {
          Image: "nexus/monitoring:bookworm",
          Mounts: [
            {
              Type: "bind" as const,
              Source: "/data/templates/nexus-local/prometheus.yml",
              Target: "/etc/p.yml",
              ReadOnly: true,
            },
            { Type: "volume" as const, Source: "nexus-local_prom", Target: "/prometheus" },
            { Type: "bind" as const, Source: "/var/run/docker.sock", Target: "/var/run/docker.sock" },
          ],
        },
      },
    };
    const mapped = await hostPathMapper(docker, join(dir, "in")).service(spec);
    expect(mapped.TaskTemplate.ContainerSpec.Mounts.map((m) => m.Source)).toEqual([
      "/var/lib/docker/volumes/nexus-data/_data/templates/nexus-local/prometheus.yml",
      "nexus-local_prom",
      "/var/run/docker.sock",
    ]);
    expect(mapped.Name).toBe("nexus-local_prometheus");
    // Outside a container the spec is the same object: nothing to map.
    writeFileSync(join(dir, "out"), "22 1 254:1 / / rw - ext4 /dev/vda rw");
    expect(await hostPathMapper(docker, join(dir, "out")).service(spec)).toBe(spec);
  });
});
