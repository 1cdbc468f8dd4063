import { expect, test } from "@playwright/test";
import { anonymous, signedIn, withToken } from "../fixtures/api";

test("a user changes their own password: other sessions end, this one stays, the old password stops working", async () => {
  const admin = await signedIn();
  const name = `pw-user-${Date.now()}`;
  expect(
    (
      await admin.post("/api/v1/users", { data: { username: name, password: "first-password", role: "operator" } })
    ).status(),
  ).toBe(201);
  const a = await signedIn(name, "first-password");
  const b = await signedIn(name, "first-password");

  const wrong = await a.post("/api/v1/auth/password", {
    data: { currentPassword: "not-it", newPassword: "second-password" },
  });
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).errors[0].path).toBe("body.currentPassword");

  const ok = await a.post("/api/v1/auth/password", {
    data: { currentPassword: "first-password", newPassword: "second-password" },
  });
  expect(ok.status()).toBe(204);
  expect((await a.get("/api/v1/auth/session")).status()).toBe(200);
  expect((await b.get("/api/v1/auth/session")).status()).toBe(401);

  const anon = await anonymous();
  expect(
    (await anon.post("/api/v1/auth/login", { data: { username: name, password: "first-password" } })).status(),
  ).toBe(401);
  expect(
    (await anon.post("/api/v1/auth/login", { data: { username: name, password: "second-password" } })).status(),
  ).toBe(200);
});

test("an API token cannot change its owner's password", async () => {
  const admin = await signedIn();
  const t = await withToken(admin, "viewer", "pw-token");
  const res = await t.ctx.post("/api/v1/auth/password", {
    data: { currentPassword: "e2e-admin-password", newPassword: "another-password" },
  });
  expect(res.status()).toBe(403);
});
