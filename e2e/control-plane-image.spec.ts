import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { signedIn, withToken } from "./fixtures/api";

// The control plane as a container image (Dockerfile, docs/scale-out.md): built from the local Debian base image
// (cached by source hash), run with the Docker socket and a named volume on the host network, it serves the app,
// keeps its data across a restart and starts nexus-local to all-healthy through its own API.
const NAME = "nexus-e2e-control-plane";
const VOLUME = "nexus-e2e-control-plane-data";
const PORT = process.env.E2E_IMAGE_PORT ?? "3959";
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "image-admin-password";

const docker = (...args: string[]) => execFileSync("docker", args, { timeout: 120_000 }).toString().trim();
const removeOurs = () => {
  for (const args of [
    ["rm", "-f", NAME],
    ["volume", "rm", VOLUME],
  ]) {
    try {
      execFileSync("docker", args, { stdio: "ignore", timeout: 60_000 });
    } catch {
      // not there
    }
  }
};

async function healthy(): Promise<void> {
  await expect
    .poll(() => docker("inspect", "-f", "{{.State.Health.Status}}", NAME), { timeout: 120_000, intervals: [1000] })
    .toBe("healthy");
}

test.describe("the control plane as a container image", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database, like the stack tests");
  test.afterAll(removeOurs);

  test("docker run with the socket and a volume serves the app, keeps its data and starts nexus-local", async () => {
    test.setTimeout(1_800_000);
    const image = execFileSync("bash", ["scripts/test-env/control-plane-image.sh", "tag"]).toString().trim();
    execFileSync("bash", ["scripts/test-env/control-plane-image.sh", "build"], {
      timeout: 1_500_000,
      stdio: "inherit",
    });
    removeOurs();
    const socketGroup = String(statSync("/var/run/docker.sock").gid);
    docker(
      ...["run", "-d", "--name", NAME, "--network", "host", "-v", `${VOLUME}:/data`],
      ...["-v", "/var/run/docker.sock:/var/run/docker.sock", "--group-add", socketGroup],
      // The image's own health check, probed every 2 s instead of 10 s.
      "--health-interval=2s",
      ...["-e", "HOST=127.0.0.1", "-e", `PORT=${PORT}`, "-e", `NEXUS_ADMIN_PASSWORD=${PASSWORD}`, image],
    );
    await healthy();
    expect(docker("exec", NAME, "id", "-u")).toBe("10001");
    expect(docker("inspect", "-f", "{{.Config.User}} {{json .Config.Volumes}}", NAME)).toBe('nexus {"/data":{}}');

    const admin = await signedIn("admin", PASSWORD, BASE);
    const ci = await withToken(admin, "operator", "image-ci", BASE);
    const list = (await (await ci.ctx.get("/api/v1/stacks")).json()) as { stacks: { name: string }[] };
    expect(list.stacks.map((s) => s.name)).toEqual(expect.arrayContaining(["nexus-local", "nexus-production"]));

    // The database lives on the volume: after a restart the token still signs requests in.
    docker("restart", "-t", "20", NAME);
    await healthy();
    expect((await ci.ctx.get("/api/v1/stacks")).status()).toBe(200);
    const tokens = (await (await (await signedIn("admin", PASSWORD, BASE)).get("/api/v1/tokens")).json()) as {
      tokens: { name: string }[];
    };
    expect(tokens.tokens.map((t) => t.name)).toContain("image-ci");

    // nexus-local through the socket; prometheus bind-mounts its configuration from the templates on the volume.
    const up = await ci.ctx.post("/api/v1/stacks/nexus-local/up?wait=true&timeoutSeconds=240", { timeout: 260_000 });
    const upBody = (await up.json()) as {
      job: { state: string };
      stack: { services: { service: string; state: string; health: string | null }[] };
    };
    expect(up.status(), JSON.stringify(upBody)).toBe(200);
    expect(upBody.job.state).toBe("succeeded");
    for (const s of upBody.stack.services.filter((x) => x.service !== "kafka-init"))
      expect(s, s.service).toMatchObject({ state: "running", health: "healthy" });
    const down = await admin.post("/api/v1/stacks/nexus-local/down?wait=true&volumes=true&confirm=nexus-local", {
      timeout: 120_000,
    });
    expect(down.status()).toBe(200);
    const after = (await down.json()) as { stack: { services: { state: string }[] } };
    for (const s of after.stack.services) expect(s.state).toBe("absent");
  });
});
