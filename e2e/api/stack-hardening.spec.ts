import { expect, test } from "@playwright/test";
import { BASE_URL, signedIn, withToken } from "../fixtures/api";

/** Issue #14, points 13–15: bounded Compose validation, destructive stack operations, audit that can't be erased from inside. */
test.describe("stack and administration hardening", () => {
  const nested = `${"${a:-".repeat(170_000)}x${"}".repeat(170_000)}`;
  const aliasBomb = () => {
    const lines = ["x-bomb:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++)
      lines.push(
        `  l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? "*a" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    return `${lines.join("\n")}\nservices:\n  s:\n    image: busybox\n    labels: [*l8]\n`;
  };

  test("validate refuses 1 MB of nested interpolation and an alias bomb with a 400 at once, and healthz keeps answering", async () => {
    const admin = await signedIn();
    const operator = await withToken(admin, "operator", "hardening-op");
    const viewer = await withToken(admin, "viewer", "hardening-viewer");
    expect((await viewer.ctx.post("/api/v1/stacks/validate", { data: { yaml: "services: {}\n" } })).status()).toBe(403);

    const yaml = `services:\n  web:\n    image: ${nested}\n`;
    expect(Buffer.byteLength(JSON.stringify({ yaml }))).toBeGreaterThan(1_000_000);
    const healthz: number[] = [];
    let validating = true;
    const probe = (async () => {
      while (validating) {
        const t = performance.now();
        const r = await fetch(`${BASE_URL}/api/healthz`);
        expect(r.status).toBe(200);
        healthz.push(performance.now() - t);
      }
    })();
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await operator.ctx.post("/api/v1/stacks/validate", { data: { yaml } });
      const ms = performance.now() - started;
      const problem = await res.json();
      expect(res.status(), JSON.stringify(problem).slice(0, 500)).toBe(400);
      expect(problem).toMatchObject({
        type: "/problems/validation-failed",
        errors: [{ path: "services.web.image", message: "line 3: interpolation nested deeper than 10 levels" }],
      });
      expect(ms).toBeLessThan(1000); // wall time of a 1 MB round trip on a shared machine; the parse itself is a few ms
    }
    const bomb = await operator.ctx.post("/api/v1/stacks/validate", { data: { yaml: aliasBomb() } });
    expect(bomb.status()).toBe(400);
    expect((await bomb.json()).detail).toMatch(/expands aliases more than 100 times/);
    validating = false;
    await probe;
    expect(healthz.length).toBeGreaterThan(0);
    expect(Math.max(...healthz)).toBeLessThan(1000);
  });

  test("an image reference outside the registry's grammar is a 400 naming the service and the rule, before Docker is asked", async () => {
    const admin = await signedIn();
    const res = await admin.post("/api/v1/stacks/validate", {
      data: { yaml: 'services:\n  web:\n    image: "a\\0b"\n  db:\n    image: UPPER/case\n  q:\n    image: "x:::y"\n' },
    });
    expect(res.status()).toBe(400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([
      {
        path: "services.web.image",
        message: expect.stringMatching(/^web: an image reference has only letters, digits/),
      },
      { path: "services.db.image", message: expect.stringMatching(/^db: repository path components are lowercase/) },
      { path: "services.q.image", message: expect.stringMatching(/^q: repository path components are lowercase/) },
    ]);
    const good = await admin.post("/api/v1/stacks/validate", {
      data: { yaml: "services:\n  web:\n    image: nexus/debian:bookworm\n" },
    });
    expect(good.status()).toBe(200);
  });

  test("removing a stack's volumes needs an admin and the stack's name as confirmation; logs need an operator", async () => {
    const admin = await signedIn();
    const operator = await withToken(admin, "operator", "hardening-op2");
    const viewer = await withToken(admin, "viewer", "hardening-viewer2");
    const byOperator = await operator.ctx.post("/api/v1/stacks/nexus-lite/down?volumes=true&confirm=nexus-lite");
    expect(byOperator.status()).toBe(403);
    expect((await byOperator.json()).detail).toMatch(/deletes its data: this needs the admin role; you have operator/);
    for (const query of ["volumes=true", "volumes=true&confirm=nexus-local", "volumes=true&confirm="]) {
      const res = await admin.post(`/api/v1/stacks/nexus-lite/down?${query}`);
      expect(res.status(), query).toBe(400);
      expect((await res.json()).errors).toEqual([
        { path: "query.confirm", message: "must be the stack's name, nexus-lite, to delete its volumes" },
      ]);
    }
    const jobs = (await (await admin.get("/api/v1/jobs?kind=stack.down")).json()) as { jobs: unknown[] };
    expect(jobs.jobs).toEqual([]); // nothing was queued
    const audit = (await (await admin.get("/api/v1/audit?action=stack.down")).json()) as {
      events: { outcome: string; detail: { volumes?: boolean } }[];
    };
    expect(audit.events.map((e) => [e.outcome, e.detail.volumes])).toEqual(
      expect.arrayContaining([
        ["denied", true],
        ["failure", true],
      ]),
    );

    expect((await viewer.ctx.get("/api/v1/stacks/nexus-lite/logs?follow=false")).status()).toBe(403);
  });

  test("operators cannot cancel the maintenance job, and no job prunes audit events inside the configured retention", async () => {
    const admin = await signedIn();
    const operator = await withToken(admin, "operator", "hardening-op3");
    const jobs = (await (await admin.get("/api/v1/jobs?kind=maintenance.cleanup")).json()) as {
      jobs: { id: string; state: string }[];
    };
    const maintenance = jobs.jobs[0]!;
    const res = await operator.ctx.post(`/api/v1/jobs/${maintenance.id}/cancel`);
    expect(res.status()).toBe(403);
    expect((await res.json()).detail).toMatch(/system job queued by the server: cancelling it needs the admin role/);

    const shorter = await admin.post("/api/v1/jobs", {
      data: { kind: "maintenance.cleanup", payload: { auditRetentionDays: 1 } },
    });
    expect(shorter.status()).toBe(400);
    expect((await shorter.json()).errors).toEqual([
      {
        path: "payload.auditRetentionDays",
        message: "audit events are kept at least NEXUS_AUDIT_RETENTION_DAYS (90) days",
      },
    ]);
  });
});
