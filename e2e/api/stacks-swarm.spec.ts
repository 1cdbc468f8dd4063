import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { privatePeers } from "../fixtures/private-peers";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

// nexus-local under the swarm driver on the single-node swarm of scripts/test-env/swarm.sh, through the API, with the
// app killed mid-deploy. Run under `flock /tmp/nexus-stack.lock` like every spec that starts nexus-local.
const PORT = 4302;
const PASSWORD = "stack-swarm-password";
const STACK = "nexus-local";

type Service = {
  service: string;
  state: string;
  health: string | null;
  exitCode: number | null;
  replicas?: { desired: number | null; running: number };
};
type Job = { id: string; kind: string; state: string; attempts: number; lastError: string | null };

const docker = (...args: string[]) =>
  execFileSync("docker", args, { timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] })
    .toString()
    .trim();
/** `docker stack services`: service → replicas ("1/1"), as the Docker CLI sees our stack. */
function stackServices(): Record<string, string> {
  const out = docker("stack", "services", STACK, "--format", "{{.Name}} {{.Replicas}}");
  return Object.fromEntries(
    out ? out.split("\n").map((l) => [l.split(" ")[0]!.slice(STACK.length + 1), l.split(" ")[1]!]) : [],
  );
}
const stacks = () => docker("stack", "ls", "--format", "{{.Name}}").split("\n");

test.describe("nexus-local on a single-node swarm", () => {
  test.skip(
    Boolean(process.env.E2E_PG_URL),
    "runs once, on the embedded database: the stack engine does not depend on it",
  );

  test("deploy (surviving kill -9), docker stack agrees, scale, rolling update, logs, down", async () => {
    test.setTimeout(420_000);
    expect(docker("info", "--format", "{{.Swarm.LocalNodeState}}"), "scripts/test-env/swarm.sh up").toBe("active");
    const dataDir = mkdtempSync(join(tmpdir(), "nexus-stack-swarm-"));
    const env = {
      NEXUS_ADMIN_PASSWORD: PASSWORD,
      NEXUS_JOB_LEASE_MS: "3000",
      NEXUS_JOB_POLL_MS: "200",
      NEXUS_PROBE_INTERVAL_MS: "0",
    };
    let server: ServerProcess = startServer({ port: PORT, dataDir, env });
    let s = { cookie: "", csrf: "" };
    const login = async () => {
      const r = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: PASSWORD }),
      });
      expect(r.status).toBe(200);
      const cookie = r.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      s = { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
    };
    const get = async (path: string) => fetch(`${server.url}${path}`, { headers: { cookie: s.cookie } });
    const post = async (path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const finished = async (id: string): Promise<Job> => {
      let j = { state: "queued" } as Job;
      for (let i = 0; i < 1500 && !["succeeded", "failed", "cancelled"].includes(j.state); i++) {
        await sleep(200);
        j = (await (await get(`/api/v1/jobs/${id}`)).json()) as Job;
      }
      return j;
    };
    const status = async () =>
      (await (await get(`/api/v1/stacks/${STACK}`)).json()) as { driver: string | null; services: Service[] };
    try {
      await waitReady(server.url);
      await login();
      expect(stacks()).not.toContain(STACK);

      // Up under swarm; kill -9 the app once services exist, before the stack is up; a restart finishes the job.
      const up = await post(`/api/v1/stacks/${STACK}/up?driver=swarm`);
      expect(up.status).toBe(202);
      const { job } = (await up.json()) as { job: Job };
      for (let i = 0; i < 300 && Object.keys(stackServices()).length === 0; i++) await sleep(100);
      expect(Object.keys(stackServices()).length).toBeGreaterThan(0);
      server.proc.kill("SIGKILL");
      await server.exited;
      expect(stackServices()["kafka-init"]).toBeUndefined(); // killed before the second level
      server = startServer({ port: PORT, dataDir, env });
      await waitReady(server.url);
      await login();
      const j = await finished(job.id);
      expect(j, JSON.stringify(j)).toMatchObject({ state: "succeeded", attempts: 2 });

      // Our status and `docker stack services` agree: 12 services 1/1 (healthy), kafka-init completed (0/1).
      const st = await status();
      expect(st.driver).toBe("swarm");
      const cli = stackServices();
      expect(Object.keys(cli).sort()).toEqual(st.services.map((x) => x.service).sort());
      for (const x of st.services) {
        if (x.service === "kafka-init") {
          expect(x).toMatchObject({ state: "exited", exitCode: 0 });
          expect(cli[x.service]).toBe("0/1");
        } else {
          expect(x, x.service).toMatchObject({ state: "running", health: "healthy" });
          expect(cli[x.service], x.service).toBe(`${x.replicas!.running}/${x.replicas!.desired}`);
        }
      }
      // Nothing goes through the routing mesh: no ingress-mode port, every task's container on the host network.
      for (const name of Object.keys(cli)) {
        const ports = docker("service", "inspect", `${STACK}_${name}`, "--format", "{{json .Endpoint.Ports}}");
        expect(
          ports === "null"
            ? []
            : (JSON.parse(ports) as { PublishMode: string }[]).filter((p) => p.PublishMode !== "host"),
        ).toEqual([]);
      }
      const ids = docker("ps", "-q", "--filter", `label=com.docker.stack.namespace=${STACK}`).split("\n");
      expect(docker("inspect", "--format", "{{.HostConfig.NetworkMode}}", ...ids).split("\n")).toEqual(
        ids.map(() => "host"),
      );

      // And no socket of this host's network (the stack's containers share it) has a peer in a private range.
      expect(privatePeers()).toEqual([]);

      // The same stack under the other driver is refused.
      const other = await post(`/api/v1/stacks/${STACK}/up?driver=compose`);
      expect(other.status).toBe(409);
      expect(((await other.json()) as { detail: string }).detail).toContain("swarm driver");

      // Scale a stateless service 1 → 0 → 1 (host networking: two copies of a fixed-port service clash on one node).
      for (const replicas of [0, 1]) {
        const r = await post(`/api/v1/stacks/${STACK}/services/pushgateway/scale?wait=true`, { replicas });
        expect(r.status, await r.clone().text()).toBe(200);
        expect(stackServices().pushgateway).toBe(`${replicas}/${replicas}`);
      }

      // A rolling update (a changed environment), task by task, with progress in the job.
      const upd = await post(`/api/v1/stacks/${STACK}/services/pushgateway/update?wait=true`, {
        env: { NEXUS_ROLL: "2" },
      });
      expect(upd.status, await upd.clone().text()).toBe(200);
      const uj = ((await upd.json()) as { job: Job }).job;
      const events = (await (await get(`/api/v1/jobs/${uj.id}`)).json()) as { result: { events: { phase: string }[] } };
      expect(events.result.events.map((e) => e.phase)).toEqual(expect.arrayContaining(["updating", "task", "ready"]));
      const [pg] = docker("ps", "-q", "--filter", `label=com.docker.swarm.service.name=${STACK}_pushgateway`).split(
        "\n",
      );
      expect(docker("inspect", "--format", "{{json .Config.Env}}", pg!)).toContain("NEXUS_ROLL=2");
      expect((await status()).services.find((x) => x.service === "pushgateway")).toMatchObject({ health: "healthy" });

      // Logs of one service come from its task's container.
      const logs = await (await get(`/api/v1/stacks/${STACK}/logs?services=pushgateway&follow=false&tail=50`)).text();
      expect(logs).toContain('"service":"pushgateway"');

      // Down removes everything, as docker stack rm would.
      const down = await post(`/api/v1/stacks/${STACK}/down?wait=true&volumes=true&confirm=${STACK}`);
      expect(down.status, await down.clone().text()).toBe(200);
      expect(stacks()).not.toContain(STACK);
      expect(docker("ps", "-aq", "--filter", `label=com.docker.stack.namespace=${STACK}`)).toBe("");
      expect((await status()).driver).toBeNull();
    } finally {
      server.proc.kill("SIGKILL");
      await server.exited;
      if (stacks().includes(STACK)) docker("stack", "rm", STACK);
    }
  });
});
