import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";

// Started by `bash scripts/test-env/docker.sh up` (npm test does it). Talks to the Engine API directly.
const socketPath = process.env.DOCKER_SOCKET ?? "/var/run/docker.sock";

function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: `/v1.41${path}`, method, headers: { "content-type": "application/json" }, timeout: 15_000 },
      (res) => {
        let data = "";
        res.on("data", (c: Buffer) => (data += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: (data ? JSON.parse(data) : null) as T }));
      },
    );
    req.on("error", (e) =>
      reject(
        new Error(
          `Docker engine at ${socketPath} did not answer (${e.message}): run \`bash scripts/test-env/docker.sh up\``,
        ),
      ),
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

type Inspect = {
  State: { Status: string; Health?: { Status: string; Log?: { Output: string }[] } };
  HostConfig: { NetworkMode: string };
};

async function waitHealthy(id: string, seconds: number): Promise<Inspect> {
  let info: Inspect | undefined;
  for (let i = 0; i < seconds * 2; i++) {
    info = (await api<Inspect>("GET", `/containers/${id}/json`)).json;
    if (info.State.Health?.Status === "healthy" || info.State.Status === "exited") break;
    await sleep(500);
  }
  return info!;
}

describe("Docker engine", () => {
  it("a container with host networking and a healthcheck turns healthy", async () => {
    const name = `nexus-smoke-${randomUUID().slice(0, 8)}`;
    const created = await api<{ Id: string }>("POST", `/containers/create?name=${name}`, {
      Image: "nexus/debian:bookworm",
      Cmd: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 300"],
      Labels: { "com.docker.compose.project": "nexus-smoke", "com.docker.compose.service": "probe" },
      Healthcheck: {
        Test: ["CMD-SHELL", "test -f /tmp/ready"],
        Interval: 500_000_000,
        Timeout: 1_000_000_000,
        Retries: 20,
      },
      HostConfig: { NetworkMode: "host", Init: true },
    });
    expect(created.status).toBe(201);
    const id = created.json.Id;
    try {
      expect((await api("POST", `/containers/${id}/start`)).status).toBe(204);
      const info = await waitHealthy(id, 30);
      expect(info.HostConfig.NetworkMode).toBe("host");
      expect(info.State.Health?.Status).toBe("healthy");
    } finally {
      await api("DELETE", `/containers/${id}?force=true`);
    }
  });

  it("runs a 3-broker Kafka cluster in containers of the local nexus/kafka image, with replication factor 3", async () => {
    const ports = [19592, 19593, 19594];
    const voters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p + 100}`).join(",");
    const suffix = randomUUID().slice(0, 8);
    const ids: string[] = [];
    try {
      for (const [i, port] of ports.entries()) {
        const created = await api<{ Id: string }>(
          "POST",
          `/containers/create?name=nexus-smoke-kafka-${i + 1}-${suffix}`,
          {
            Image: "nexus/kafka:4.3.1",
            Env: [
              `KAFKA_NODE_ID=${i + 1}`,
              `KAFKA_PORT=${port}`,
              `KAFKA_CONTROLLER_PORT=${port + 100}`,
              `KAFKA_VOTERS=${voters}`,
              "KAFKA_CLUSTER_ID=5L6g3nShT-eMCtK--X86sw",
            ],
            Labels: {
              "com.docker.compose.project": `nexus-smoke-${suffix}`,
              "com.docker.compose.service": `kafka-${i + 1}`,
            },
            Healthcheck: {
              Test: ["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`],
              Interval: 500_000_000,
              Timeout: 1_000_000_000,
              Retries: 180,
            },
            HostConfig: { NetworkMode: "host", Init: true },
          },
        );
        expect(created.status).toBe(201);
        ids.push(created.json.Id);
        expect((await api("POST", `/containers/${created.json.Id}/start`)).status).toBe(204);
      }
      for (const id of ids) expect((await waitHealthy(id, 90)).State.Health?.Status).toBe("healthy");
      const brokers = ports.map((p) => `127.0.0.1:${p}`).join(",");
      // Topic creation needs all three brokers registered: retry the first produce for a while.
      const lines = Array.from({ length: 30 }, (_, i) => `in-container-${i}`).join("\n");
      let produced = false;
      for (let i = 0; i < 30 && !produced; i++) {
        try {
          execFileSync("kcat", ["-b", brokers, "-P", "-t", "container-smoke", "-X", "acks=all"], {
            input: `${lines}\n`,
            timeout: 20_000,
          });
          produced = true;
        } catch {
          await sleep(1000);
        }
      }
      expect(produced).toBe(true);
      const meta = execFileSync("kcat", ["-b", brokers, "-L", "-t", "container-smoke"], { timeout: 20_000 }).toString();
      expect(meta).toContain("3 brokers");
      expect(meta).toMatch(/replicas: \d,\d,\d/);
      const out = execFileSync("kcat", ["-b", brokers, "-C", "-t", "container-smoke", "-o", "beginning", "-e", "-q"], {
        timeout: 30_000,
      }).toString();
      expect(out.trim().split("\n").sort()).toEqual(lines.split("\n").sort());
    } finally {
      for (const id of ids) await api("DELETE", `/containers/${id}?force=true`);
    }
  }, 180_000);
});
