import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  EMPTY_STYLE_HASH,
  HSTS,
  newNonce,
  pageContentSecurityPolicy,
  SONNER_STYLE_HASH,
  wantsHsts,
} from "./security-headers.mjs";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("the page Content-Security-Policy", () => {
  it("runs only scripts with the nonce and what they load, never inline or eval in production", () => {
    const d = directives(pageContentSecurityPolicy("abc123=="));
    expect(d.get("script-src")).toEqual(["'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("style-src")).toContain("'nonce-abc123=='");
    expect(pageContentSecurityPolicy("n")).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });

  it("admits exactly the stylesheet the installed Sonner inserts", () => {
    const file = createRequire(import.meta.url)
      .resolve("sonner")
      .replace(/index\.js$/, "index.mjs");
    const literal = /__insertCSS\(("(?:[^"\\]|\\.)*")\)/.exec(readFileSync(file, "utf8"))?.[1];
    expect(literal, "sonner still inserts its CSS with __insertCSS").toBeTruthy();
    const hash = createHash("sha256")
      .update(JSON.parse(literal!) as string)
      .digest("base64");
    expect(SONNER_STYLE_HASH).toBe(`'sha256-${hash}'`);
    expect(EMPTY_STYLE_HASH).toBe(`'sha256-${createHash("sha256").update("").digest("base64")}'`);
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("HSTS", () => {
  it("goes with Secure cookies: the setting, or a request that came over HTTPS", () => {
    const h = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});
    expect(wantsHsts(h(), "http://127.0.0.1:3000/", false)).toBe(false);
    expect(wantsHsts(h(), "http://127.0.0.1:3000/", true)).toBe(true);
    expect(wantsHsts(h("https"), "http://127.0.0.1:3000/", false)).toBe(true);
    expect(wantsHsts(h(), "https://nexus.example/", false)).toBe(true);
    expect(HSTS).toMatch(/^max-age=\d{7,}/);
  });
});
