import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("gives the embedded defaults on an empty environment", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      dataDir: ".nexus",
      databaseUrl: undefined,
      bodyLimitBytes: 1048576,
      metricsPublic: false,
    });
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" }).port).toBe(3000);
  });

  it("names every bad variable", () => {
    try {
      parseConfig({
        PORT: "abc",
        DATABASE_URL: "mysql://x",
        NEXUS_METRICS_PUBLIC: "maybe",
        NEXUS_ADMIN_PASSWORD: "short",
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const v of ["PORT", "DATABASE_URL", "NEXUS_METRICS_PUBLIC", "NEXUS_ADMIN_PASSWORD"])
        expect(msg).toContain(v);
    }
  });

  it("parses lists and booleans", () => {
    const c = parseConfig({
      NEXUS_TRUSTED_ORIGINS: "https://a.example, https://b.example",
      NEXUS_SECURE_COOKIES: "1",
      DATABASE_URL: "postgresql://u@h/db",
    });
    expect(c.trustedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(c.secureCookies).toBe(true);
    expect(parseConfig({}).secureCookies).toBeUndefined();
    expect(parseConfig({ NEXUS_TRUSTED_PROXIES: "10.0.0.1, 10.1.0.0/16,fd00::/8" }).trustedProxies).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
      "fd00::/8",
    ]);
    expect(() => parseConfig({ NEXUS_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/NEXUS_TRUSTED_PROXIES/);
    expect(() => parseConfig({ NEXUS_TRUSTED_PROXIES: "proxy.example" })).toThrow(/NEXUS_TRUSTED_PROXIES/);
    expect(c.databaseUrl).toBe("postgresql://u@h/db");
  });

  it("takes an optional replay target pattern and refuses one that is not a regular expression", () => {
    expect(parseConfig({}).dlqScope.replayTargetPattern).toBeNull();
    expect(parseConfig({ NEXUS_REPLAY_TARGET_PATTERN: "^orders\\." }).dlqScope).toMatchObject({
      replayTargetPattern: "^orders\\.",
    });
    expect(() => parseConfig({ NEXUS_REPLAY_TARGET_PATTERN: "(" })).toThrow(
      /NEXUS_REPLAY_TARGET_PATTERN: a JavaScript regular expression/,
    );
  });

  it("allows the loopback names and the listen address on the listen port by default, NEXUS_ALLOWED_HOSTS instead when set", () => {
    expect([...parseConfig({ HOST: "10.0.0.5", PORT: "4000" }).allowedHosts].sort()).toEqual([
      "10.0.0.5:4000",
      "127.0.0.1:4000",
      "[::1]:4000",
      "localhost:4000",
    ]);
    expect([...parseConfig({ NEXUS_ALLOWED_HOSTS: "Nexus.Example, nexus.internal:8443" }).allowedHosts]).toEqual([
      "nexus.example",
      "nexus.internal:8443",
    ]);
  });

  it("names NEXUS_ALLOWED_HOSTS and the entry that is not a host[:port]", () => {
    expect(() => parseConfig({ NEXUS_ALLOWED_HOSTS: "ok.example, http://bad.example/" })).toThrow(
      /NEXUS_ALLOWED_HOSTS: .*http:\/\/bad\.example\//,
    );
  });
  it("reads the OpenID Connect settings and names what is missing", () => {
    const base = { NEXUS_OIDC_ISSUER: "https://idp.example.com/realms/acme", NEXUS_OIDC_CLIENT_ID: "nexus" };
    const c = parseConfig({ ...base, NEXUS_OIDC_ROLE_MAP: "nexus-admins=admin, data eng=operator" });
    expect(c.oidc).toMatchObject({ scopes: "openid profile email", roleClaim: "groups" });
    expect(c.oidc?.roleMap).toEqual({ "nexus-admins": "admin", "data eng": "operator" });
    expect(c.passwordLogin).toEqual({ enabled: true, breakGlassUser: "admin" });
    expect(parseConfig({}).oidc).toBeNull();
    expect(() => parseConfig(base)).toThrow(/NEXUS_OIDC_ROLE_MAP: required/);
    expect(() => parseConfig({ ...base, NEXUS_OIDC_ROLE_MAP: "a=root" })).toThrow(/not value=viewer\|operator\|admin/);
    expect(() => parseConfig({ NEXUS_OIDC_ISSUER: "http://idp.example.com", NEXUS_OIDC_ROLE_MAP: "a=admin" })).toThrow(
      /https:\/\/ URL[\s\S]*NEXUS_OIDC_CLIENT_ID|NEXUS_OIDC_ISSUER/,
    );
    expect(
      parseConfig({ ...base, NEXUS_OIDC_ROLE_MAP: "a=admin", NEXUS_OIDC_ISSUER: "http://127.0.0.1:4401" }).oidc,
    ).not.toBeNull();
    expect(() => parseConfig({ ...base, NEXUS_OIDC_ROLE_MAP: "a=admin", NEXUS_OIDC_SCOPES: "profile" })).toThrow(
      /openid/,
    );
    expect(parseConfig({ NEXUS_LOCAL_LOGIN: "false" }).passwordLogin.enabled).toBe(false);
  });
});

describe("several instances", () => {
  it("defaults to one, and refuses more than one on PGlite with the reason", () => {
    expect(parseConfig({}).cluster).toEqual({ instances: 1, leaseMs: 10_000 });
    expect(parseConfig({ NEXUS_INSTANCES: "2", DATABASE_URL: "postgres://h/db" }).cluster.instances).toBe(2);
    expect(() => parseConfig({ NEXUS_INSTANCES: "2" })).toThrow(/NEXUS_INSTANCES: PGlite is single-instance/);
    expect(() => parseConfig({ NEXUS_INSTANCES: "0" })).toThrow(/NEXUS_INSTANCES/);
    expect(() => parseConfig({ NEXUS_LEADER_LEASE_MS: "10" })).toThrow(/NEXUS_LEADER_LEASE_MS/);
  });
});
