import { describe, expect, it } from "vitest";
import { allowedMethods, refuseMethod } from "./methods.ts";

describe("allowedMethods", () => {
  it("lists an API path's operations, with HEAD for GET and OPTIONS", () => {
    expect(allowedMethods("/api/v1/system")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/v1/tokens")).toEqual(["GET", "HEAD", "POST", "OPTIONS"]);
    expect(allowedMethods("/api/v1/users/abc")).toEqual(["PATCH", "DELETE", "OPTIONS"]);
    expect(allowedMethods("/metrics/job/j/instance/i")).toEqual(["POST", "PUT", "OPTIONS"]);
  });
  it("prefers a static segment to a parameter, like Next.js", () => {
    expect(allowedMethods("/api/v1/stacks/validate")).toEqual(["POST", "OPTIONS"]);
    expect(allowedMethods("/api/v1/stacks/nexus")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
  it("gives unknown /api/v1 paths the catch-all's methods and pages GET and HEAD", () => {
    expect(allowedMethods("/api/v1/no/such/thing")).toContain("DELETE");
    expect(allowedMethods("/login")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods("/_next/static/chunks/x.js")).toEqual(["GET", "HEAD"]);
  });
});

describe("refuseMethod", () => {
  it("lets through what a route defines, and on pages what Next.js answers itself", () => {
    expect(refuseMethod("GET", "/api/v1/system?x=1")).toBeNull();
    expect(refuseMethod("OPTIONS", "/api/v1/system")).toBeNull();
    expect(refuseMethod("PUT", "/login")).toBeNull();
  });
  it("answers 405 with Allow and a problem for an API path, plain text for a page", () => {
    const api = refuseMethod("TRACE", "/api/v1/system", "given-id")!;
    expect(api.status).toBe(405);
    expect(api.headers).toMatchObject({
      allow: "GET, HEAD, OPTIONS",
      "x-request-id": "given-id",
      "content-type": "application/problem+json",
    });
    expect(JSON.parse(api.body)).toMatchObject({
      type: "/problems/method-not-allowed",
      status: 405,
      instance: "/api/v1/system",
    });
    expect(refuseMethod("DELETE", "/api/v1/system")?.headers.allow).toBe("GET, HEAD, OPTIONS");
    const page = refuseMethod("PROPFIND", "/login")!;
    expect(page.headers).toMatchObject({ allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
  });
});
