import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxyTrust } from "../net-address.ts";
import { clientIp, PEER_HEADER } from "./client-address.ts";
import { cookiePolicy } from "./cookie-policy.ts";
import { sessionCookies } from "./cookies.ts";
import { readCookie } from "./request-context.ts";

const MARK = Symbol.for("nexus.peer-header");
const g = globalThis as { [MARK]?: boolean };
beforeAll(() => {
  g[MARK] = true;
}); // as scripts/serve.mjs does
afterAll(() => {
  delete g[MARK];
});

const trust = createProxyTrust(["10.0.0.0/8"]);
const h = (o: Record<string, string>) => new Headers(o);

describe("cookiePolicy", () => {
  const auto = { secureCookies: undefined, proxyTrust: trust };
  it("uses plain, unprefixed cookies over plain HTTP to localhost only", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "localhost", "[::1]:3000"]) {
      expect(cookiePolicy(h({ host, [PEER_HEADER]: "127.0.0.1" }), auto), host).toEqual({
        secure: false,
        names: { session: "nexus_session", csrf: "nexus_csrf", oidcFlow: "nexus_oidc" },
      });
    }
  });
  it("uses Secure __Host- cookies over HTTPS, believing X-Forwarded-Proto from trusted proxies only", () => {
    const viaProxy = cookiePolicy(
      h({ host: "nexus.example", "x-forwarded-proto": "https", [PEER_HEADER]: "10.1.2.3" }),
      auto,
    );
    expect(viaProxy).toEqual({
      secure: true,
      names: { session: "__Host-nexus_session", csrf: "__Host-nexus_csrf", oidcFlow: "__Host-nexus_oidc" },
    });
    const [session] = sessionCookies(
      { cookieValue: "v", csrfToken: "c", expiresAt: new Date(Date.now() + 60_000) },
      viaProxy,
    );
    expect(session).toMatch(/^__Host-nexus_session=v; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly; Secure$/);
    // A forged X-Forwarded-Proto from a client is not HTTPS: plain HTTP to a non-local host, refused.
    const forged = cookiePolicy(
      h({ host: "nexus.example", "x-forwarded-proto": "https", [PEER_HEADER]: "192.0.2.9" }),
      auto,
    );
    expect(forged.secure).toBe(true);
    expect(forged.refusal).toMatch(/plain HTTP is only possible on localhost/);
  });
  it("refuses sign-in over plain HTTP to another host, as a browser would drop its Secure cookie", () => {
    expect(
      cookiePolicy(h({ host: "10.0.0.5:3000", [PEER_HEADER]: "10.9.9.9" }), {
        ...auto,
        proxyTrust: createProxyTrust([]),
      }).refusal,
    ).toMatch(/HTTPS/);
  });
  it("lets NEXUS_SECURE_COOKIES force either way", () => {
    expect(cookiePolicy(h({ host: "127.0.0.1:3000" }), { secureCookies: true, proxyTrust: trust })).toMatchObject({
      secure: true,
      names: { session: "__Host-nexus_session" },
    });
    expect(cookiePolicy(h({ host: "nexus.example" }), { secureCookies: false, proxyTrust: trust })).toEqual({
      secure: false,
      names: { session: "nexus_session", csrf: "nexus_csrf", oidcFlow: "nexus_oidc" },
    });
  });
});

describe("clientIp", () => {
  it("is the socket peer unless that is a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientIp(h({ [PEER_HEADER]: "192.0.2.9", "x-forwarded-for": "198.51.100.1" }), trust)).toBe("192.0.2.9");
    expect(clientIp(h({ [PEER_HEADER]: "::ffff:192.0.2.9" }), trust)).toBe("192.0.2.9");
    expect(
      clientIp(h({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "198.51.100.66, 198.51.100.1, 10.0.0.7" }), trust),
    ).toBe("198.51.100.1");
    expect(clientIp(h({ [PEER_HEADER]: "10.0.0.1" }), trust)).toBe("10.0.0.1");
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.1" }), trust)).toBe("unknown");
  });
});

describe("readCookie", () => {
  const c = (cookie: string) => h({ cookie });
  it("reads one well-formed cookie", () => {
    expect(readCookie(c("a=1; nexus_session=abc%20d; b=2"), "nexus_session")).toBe("abc d");
    expect(readCookie(c("a=1"), "nexus_session")).toBeUndefined();
  });
  it("treats a malformed, huge or duplicated cookie as absent", () => {
    expect(readCookie(c("nexus_session=%E0%A4%A"), "nexus_session")).toBeUndefined();
    expect(readCookie(c("nexus_session=%"), "nexus_session")).toBeUndefined();
    expect(readCookie(c(`nexus_session=${"x".repeat(5000)}`), "nexus_session")).toBeUndefined();
    expect(readCookie(c("nexus_session=a; nexus_session=b"), "nexus_session")).toBeUndefined();
  });
});
