import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedIn, withToken } from "../fixtures/api";

type Service = { service: string; state: string; health: string | null; exitCode: number | null };

test.describe("stacks", () => {
  test.skip(Boolean(process.env.E2E_PG_URL), "runs once, on the embedded database: the stack engine does not depend on it");

  test("CI starts nexus-local with wait=true, gets the DLQ topics, and takes it down again", async () => {
    test.setTimeout(300_000);
    const admin = await signedIn();
    const ci = await withToken(admin, "operator", "stack-ci");

    const list = await ci.ctx.get("/api/v1/stacks");
    expect(list.status()).toBe(200);
    const local = ((await list.json()) as { stacks: { name: string; problems: unknown[]; levels: string[][] }[] }).stacks.find((s) => s.name === "nexus-local");
    expect(local).toMatchObject({ problems: [], levels: [["kafka-1", "kafka-2", "kafka-3"], ["kafka-init"]] });

    const up = await ci.ctx.post("/api/v1/stacks/nexus-local/up?wait=true&timeoutSeconds=240", { timeout: 260_000 });
    const upBody = (await up.json()) as { job: { state: string }; stack: { services: Service[] } };
    expect(up.status(), JSON.stringify(upBody)).toBe(200);
    expect(upBody.job.state).toBe("succeeded");
    const byName = Object.fromEntries(upBody.stack.services.map((s) => [s.service, s]));
    for (const b of ["kafka-1", "kafka-2", "kafka-3"]) expect(byName[b]).toMatchObject({ state: "running", health: "healthy" });
    expect(byName["kafka-init"]).toMatchObject({ state: "exited", exitCode: 0 });

    const meta = execFileSync("kcat", ["-b", "127.0.0.1:29092", "-L"], { timeout: 20_000 }).toString();
    for (const t of ["dlq_schema_validation_errors", "dlq_processing_errors", "dlq_failed_messages"]) {
      expect(meta).toContain(`topic "${t}" with 3 partitions`);
    }
    expect(meta).toMatch(/replicas: \d,\d,\d/);

    // A Compose CLI on the same engine sees the same containers (Debian's docker-compose 1.29 predates the
    // top-level `name` key, so it reads the file without it).
    const v1File = join(tmpdir(), `nexus-local-v1-${Date.now()}.yaml`);
    writeFileSync(v1File, readFileSync("compose-templates/nexus-local/compose.yaml", "utf8").replace(/^name:.*$/m, ""));
    const composeIds = execFileSync("docker-compose", ["-f", v1File, "-p", "nexus-local", "ps", "-q"], { timeout: 60_000 }).toString().trim().split("\n").sort();
    const engineIds = execFileSync("docker", ["ps", "-aq", "--no-trunc", "--filter", "label=com.docker.compose.project=nexus-local"], { timeout: 20_000 }).toString().trim().split("\n").sort();
    expect(composeIds).toHaveLength(4);
    expect(composeIds).toEqual(engineIds);

    // A second start while nothing changed is a no-op job.
    const again = await ci.ctx.post("/api/v1/stacks/nexus-local/up?wait=true", { timeout: 120_000 });
    expect(again.status()).toBe(200);

    const audit = (await (await admin.get("/api/v1/audit?action=stack.up")).json()) as { events: { actor: string; outcome: string; target: string }[] };
    expect(audit.events[0]).toMatchObject({ target: "stack:nexus-local", outcome: "success", actor: "admin (token stack-ci)" });

    const down = await ci.ctx.post("/api/v1/stacks/nexus-local/down?wait=true&volumes=true", { timeout: 120_000 });
    expect(down.status()).toBe(200);
    const after = (await down.json()) as { stack: { services: Service[] } };
    for (const s of after.stack.services) expect(s.state).toBe("absent");
  });

  test("an unknown template is a 404 problem", async () => {
    const admin = await signedIn();
    const res = await admin.get("/api/v1/stacks/no-such-template");
    expect(res.status()).toBe(404);
    expect((await res.json()).detail).toMatch(/no template named no-such-template/);
  });
});
