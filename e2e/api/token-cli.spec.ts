import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, waitReady, type ServerProcess } from "../fixtures/server";

// Its own server on its own data directory: a PGlite directory is open in one process at a time, so the CLI writes
// the token first and the server reads it after.
const PORT = process.env.E2E_PORT ? Number(process.env.E2E_PORT) + 1 : 3971;
const ADMIN_PASSWORD = "token-cli-admin-password";

function runTokenCli(dataDir: string, args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env; // PGlite in dataDir, as the server below
  return spawnSync("npm", ["run", "-s", "token", "--", ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...env, NEXUS_DATA_DIR: dataDir, NEXUS_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
}

test.describe("token CLI", () => {
  let server: ServerProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "nexus-token-cli-"));
  test.afterAll(async () => {
    server?.proc.kill("SIGTERM");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("--scope (repeatable) makes a token limited to those scopes, audited with them; an unknown scope is refused", async () => {
    test.setTimeout(120_000);
    const bad = runTokenCli(dataDir, ["--role", "operator", "--name", "bad", "--scope", "dlq:delete"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--scope");
    expect(bad.stderr).toContain("lineage:write");

    const made = runTokenCli(dataDir, [
      "--role",
      "operator",
      "--name",
      "pipeline",
      "--scope",
      "lineage:write",
      "--scope",
      "quality:read",
    ]);
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^nxp_/);

    server = startServer({ port: PORT, dataDir, env: { NEXUS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    await waitReady(server.url);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${server.url}/api/v1/quality/overview`, { headers: auth })).status).toBe(200);
    const refused = await fetch(`${server.url}/api/v1/lineage/runs`, { headers: auth });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "/problems/missing-scope", requiredScope: "lineage:read" });

    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
    const tokens = await (await fetch(`${server.url}/api/v1/tokens`, { headers: { cookie } })).json();
    expect(tokens.tokens.find((t: { name: string }) => t.name === "pipeline")).toMatchObject({
      role: "operator",
      scopes: ["lineage:write", "quality:read"],
    });
    const audit = await (await fetch(`${server.url}/api/v1/audit?action=token.create`, { headers: { cookie } })).json();
    expect(audit.events[0]).toMatchObject({
      actor: "admin (cli)",
      detail: { name: "pipeline", scopes: ["lineage:write", "quality:read"] },
    });
  });
});
