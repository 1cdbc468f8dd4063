import { request } from "node:http";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";

// Started by `bash scripts/test-env/docker.sh up` (npm test does it). Talks to the Engine API directly.
const socketPath = process.env.DOCKER_SOCKET ?? "/var/run/docker.sock";

function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/v1.41${path}`, method, headers: { "content-type": "application/json" }, timeout: 15_000 }, (res) => {
      let data = "";
      res.on("data", (c: Buffer) => (data += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: (data ? JSON.parse(data) : null) as T }));
    });
    req.on("error", (e) => reject(new Error(`Docker engine at ${socketPath} did not answer (${e.message}): run \`bash scripts/test-env/docker.sh up\``)));
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("Docker engine", () => {
  it("a container with host networking and a healthcheck turns healthy", async () => {
    const name = `nexus-smoke-${randomUUID().slice(0, 8)}`;
    const created = await api<{ Id: string }>("POST", `/containers/create?name=${name}`, {
      Image: "nexus/debian:bookworm",
      Cmd: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 300"],
      Labels: { "com.docker.compose.project": "nexus-smoke", "com.docker.compose.service": "probe" },
      Healthcheck: { Test: ["CMD-SHELL", "test -f /tmp/ready"], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 20 },
      HostConfig: { NetworkMode: "host", Init: true },
    });
    expect(created.status).toBe(201);
    const id = created.json.Id;
    try {
      expect((await api("POST", `/containers/${id}/start`)).status).toBe(204);
      let health = "";
      for (let i = 0; i < 60 && health !== "healthy"; i++) {
        const info = await api<{ State: { Health?: { Status: string } }; HostConfig: { NetworkMode: string } }>("GET", `/containers/${id}/json`);
        expect(info.json.HostConfig.NetworkMode).toBe("host");
        health = info.json.State.Health?.Status ?? "";
        if (health !== "healthy") await sleep(500);
      }
      expect(health).toBe("healthy");
    } finally {
      await api("DELETE", `/containers/${id}?force=true`);
    }
  });
});
