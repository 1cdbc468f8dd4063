import { describe, expect, it } from "vitest";
import type { ServiceRunStatus } from "./contract.ts";
import {
  classifyService,
  countServices,
  describeCounts,
  describeService,
  hasRunning,
  isStackUp,
  stackTone,
  type ContainerFacts,
} from "./service-status.ts";

const running: ContainerFacts = { state: "running", health: "healthy", exitCode: null };
const exited = (exitCode: number): ContainerFacts => ({ state: "exited", health: null, exitCode });
const absent: ContainerFacts = { state: "absent", health: null, exitCode: null };
const of = (...statuses: ServiceRunStatus[]) => statuses.map((status) => ({ status }));

describe("classifyService", () => {
  it("counts a one-shot that exited 0 as completed, not running and not failed", () => {
    expect(classifyService(exited(0), true)).toBe("completed");
    expect(classifyService(exited(1), true)).toBe("failed");
  });

  it("tells a stopped long-running service from one that crashed", () => {
    for (const code of [0, 137, 143]) expect(classifyService(exited(code), false)).toBe("stopped");
    expect(classifyService(exited(1), false)).toBe("failed");
    expect(classifyService({ state: "dead", health: null, exitCode: null }, false)).toBe("failed");
  });

  it("reads the healthcheck of a running container", () => {
    expect(classifyService(running, false)).toBe("running");
    expect(classifyService({ ...running, health: null }, false)).toBe("running");
    expect(classifyService({ ...running, health: "starting" }, false)).toBe("starting");
    expect(classifyService({ ...running, health: "unhealthy" }, false)).toBe("unhealthy");
    expect(classifyService(absent, false)).toBe("absent");
    expect(classifyService({ state: "created", health: null, exitCode: null }, false)).toBe("stopped");
  });
});

describe("describeService", () => {
  it("gives one label per status, the same for the table and the graph", () => {
    expect(describeService({ ...exited(0), status: "completed" })).toBe("completed");
    expect(describeService({ ...exited(2), status: "failed" })).toBe("failed · exit 2");
    expect(describeService({ ...exited(143), status: "stopped" })).toBe("stopped · exit 143");
    expect(describeService({ ...running, status: "running" })).toBe("running · healthy");
    expect(describeService({ ...absent, status: "absent" })).toBe("not created");
  });
});

describe("counts", () => {
  // nexus-local once read "11/12 running" on the overview beside "12/12 services up" in the job's banner.
  it("says 11 running · 1 completed · 0 failed of 12 for nexus-local up, and calls that up", () => {
    const c = countServices(of(...Array<ServiceRunStatus>(11).fill("running"), "completed"));
    expect(c).toMatchObject({ total: 12, running: 11, completed: 1, failed: 0 });
    expect(describeCounts(c)).toBe("11 running · 1 completed · 0 failed of 12");
    expect(isStackUp(c)).toBe(true);
    expect(stackTone(c)).toBe("green");
  });

  it("describes a stopped stack as nothing running, and does not call it up", () => {
    const c = countServices(of(...Array<ServiceRunStatus>(12).fill("absent")));
    expect(describeCounts(c)).toBe("0 running of 12");
    expect(isStackUp(c)).toBe(false);
    expect(hasRunning(c)).toBe(false);
    expect(stackTone(c)).toBe("neutral");
  });

  it("names every state nobody expects, and a failure turns the stack red", () => {
    const c = countServices(of("running", "starting", "unhealthy", "failed", "stopped", "absent", "completed"));
    expect(describeCounts(c)).toBe(
      "1 running · 1 completed · 1 failed · 1 starting · 1 unhealthy · 1 stopped · 1 not created of 7",
    );
    expect(isStackUp(c)).toBe(false);
    expect(hasRunning(c)).toBe(true);
    expect(stackTone(c)).toBe("red");
    expect(hasRunning(countServices(of("completed", "stopped")))).toBe(false);
  });
});
