import { describe, expect, it } from "vitest";
import { HOST_COOKIES, oidcFlowCookie, PLAIN_COOKIES } from "./cookies.ts";
import { encodeFlow, readFlow } from "./oidc-flow.ts";

const flow = { state: "s".repeat(43), nonce: "n".repeat(43), codeVerifier: "v".repeat(43), next: "/dlq" };
const withCookie = (c: string) => new Headers({ cookie: c });

describe("the OpenID Connect flow cookie", () => {
  it("is HttpOnly, Lax, short-lived and follows the session cookie's policy", () => {
    const secure = oidcFlowCookie(encodeFlow(flow), { secure: true, names: HOST_COOKIES });
    expect(secure).toMatch(/^__Host-nexus_oidc=/);
    expect(secure).toContain("HttpOnly");
    expect(secure).toContain("SameSite=Lax");
    expect(secure).toContain("Secure");
    expect(secure).toContain("Max-Age=600");
    expect(oidcFlowCookie("x", { secure: false, names: PLAIN_COOKIES })).not.toContain("Secure");
  });

  it("reads back what it wrote and nothing else", () => {
    expect(readFlow(withCookie(`nexus_oidc=${encodeFlow(flow)}`), "nexus_oidc")).toEqual(flow);
    expect(readFlow(withCookie("nexus_oidc=not-base64-json"), "nexus_oidc")).toBeNull();
    const extra = Buffer.from(JSON.stringify({ ...flow, role: "admin" })).toString("base64url");
    expect(readFlow(withCookie(`nexus_oidc=${extra}`), "nexus_oidc")).toBeNull();
    expect(readFlow(new Headers(), "nexus_oidc")).toBeNull();
  });
});
