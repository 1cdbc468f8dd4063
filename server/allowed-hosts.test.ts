import { describe, expect, it } from "vitest";
import { allowedHosts, isAllowedHost, parseHostEntry } from "./allowed-hosts.mjs";

describe("the Host allow-list", () => {
  const local = allowedHosts({ host: "127.0.0.1", port: 3000 });

  it("admits the loopback names on the listen port, any case", () => {
    for (const h of ["127.0.0.1:3000", "localhost:3000", "LocalHost:3000", "[::1]:3000"])
      expect(isAllowedHost(h, local)).toBe(true);
  });

  it("refuses other names, other ports, a missing or malformed Host (DNS rebinding)", () => {
    for (const h of [
      "evil.example",
      "evil.example:3000",
      "localhost:3001",
      "localhost",
      "127.0.0.1.evil.example:3000",
      "",
      null,
      "a b",
      "localhost:3000/x",
    ]) {
      expect(isAllowedHost(h, local)).toBe(false);
    }
  });

  it("lets a configured entry without a port match any port, and a bare Host mean port 80", () => {
    const given = allowedHosts({ list: "nexus.example, ops.example:8443", host: "127.0.0.1", port: 3000 });
    expect(isAllowedHost("nexus.example", given)).toBe(true);
    expect(isAllowedHost("nexus.example:3000", given)).toBe(true);
    expect(isAllowedHost("ops.example:8443", given)).toBe(true);
    expect(isAllowedHost("ops.example", given)).toBe(false);
    expect(isAllowedHost("localhost:3000", given)).toBe(false);
  });

  it("adds the machine's interface addresses when listening on every address", () => {
    const all = allowedHosts({ host: "0.0.0.0", port: 3000 });
    expect(isAllowedHost("127.0.0.1:3000", all)).toBe(true);
    expect(isAllowedHost("evil.example:3000", all)).toBe(false);
  });

  it("parses host[:port] entries and rejects URLs and bad ports", () => {
    expect(parseHostEntry(" [::1]:80 ")).toBe("[::1]:80");
    for (const e of ["http://x", "x:0", "x:70000", "x/y", "-x"]) expect(parseHostEntry(e)).toBeNull();
  });
});
