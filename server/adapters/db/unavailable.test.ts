import { describe, expect, it } from "vitest";
import { toProblem, problemResponse } from "../../http/problem.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

/** The shapes node-postgres and Prisma's driver adapter throw when the server is gone (as seen with PostgreSQL stopped). */
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const prismaWrapped = Object.assign(
  new Error("Invalid `prisma.user.findMany()` invocation: Can't reach database server"),
  {
    code: "P1001",
    meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
  },
);

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures by code, adapter kind, SQLSTATE or node-postgres' words, anywhere in the cause chain", () => {
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(prismaWrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error("query failed", { cause: new Error("timeout exceeded when trying to connect") })),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused], ""))).toBe(true);
    expect(isDatabaseUnavailable({ code: "P1017" })).toBe(true);
  });

  it("leaves query errors alone", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("unique constraint"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("toProblem for a database outage", () => {
  it("answers 503 database unavailable with Retry-After and without the driver's text", async () => {
    const p = toProblem(prismaWrapped, "/api/v1/jobs", "r-1");
    expect(p).toMatchObject({
      status: 503,
      type: "/problems/dependency-unavailable",
      dependency: "database",
      retryAfterSeconds: 5,
    });
    expect(JSON.stringify(p)).not.toMatch(/prisma|reach|5432/i);
    const res = problemResponse(p);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
