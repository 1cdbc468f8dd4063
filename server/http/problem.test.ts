import { describe, expect, it } from "vitest";
import { DependencyUnavailableError, NotFoundError, RateLimitedError, ValidationError } from "../errors.ts";
import { problemResponse, toProblem } from "./problem.ts";

describe("toProblem", () => {
  it("maps typed errors to their stable type and status", () => {
    expect(toProblem(new NotFoundError("job 1 does not exist"), "/api/v1/jobs/1", "r-1")).toEqual({
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "job 1 does not exist",
      instance: "/api/v1/jobs/1",
      requestId: "r-1",
    });
    expect(
      toProblem(new DependencyUnavailableError("kafka", "no broker answered within 3 s"), "/x", "r"),
    ).toMatchObject({
      type: "/problems/dependency-unavailable",
      status: 503,
      detail: "kafka is unavailable: no broker answered within 3 s",
      dependency: "kafka",
    });
    expect(toProblem(new RateLimitedError("slow down", 30), "/x", "r")).toMatchObject({
      status: 429,
      retryAfterSeconds: 30,
    });
  });

  it("carries the failing paths of a validation error", () => {
    const p = toProblem(new ValidationError("invalid body", [{ path: "body.role", message: "bad" }]), "/x", "r");
    expect(p).toMatchObject({
      status: 400,
      type: "/problems/validation-failed",
      errors: [{ path: "body.role", message: "bad" }],
    });
  });

  it("never leaks an unexpected error's message", () => {
    const p = toProblem(new Error("password=hunter2 at db.ts:12"), "/x", "r-9");
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain("hunter2");
    expect(p.detail).toContain("r-9");
  });

  it("answers application/problem+json with the request id header", async () => {
    const res = problemResponse(toProblem(new NotFoundError("gone"), "/x", "r-2"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-request-id")).toBe("r-2");
    expect(await res.json()).toMatchObject({ detail: "gone" });
  });
});
