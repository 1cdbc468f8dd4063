import { describe, expect, it } from "vitest";
import { ProtocolError, ResponseError } from "@platformatic/kafka";
import { ConflictError, DependencyUnavailableError, ForbiddenError, NotFoundError } from "../errors.ts";
import { isPermanentReplayError } from "./replay-errors.ts";

/** What the producer throws for a refused produce: a response error holding one protocol error per partition. */
const kafkaResponse = (code: number) => new ResponseError(0, 9, { "/topics/0/partitions/0": [code, null] }, {});

describe("isPermanentReplayError", () => {
  it("calls a missing target permanent: retrying cannot create the topic", () => {
    expect(isPermanentReplayError(new NotFoundError("topic app_events does not exist on localhost:9092"))).toBe(true);
  });

  it("calls an authorization refusal permanent, from the gateway or from the producer, however deeply wrapped", () => {
    expect(isPermanentReplayError(new ForbiddenError("kafka refused access to topic t"))).toBe(true);
    expect(isPermanentReplayError(new Error("sending to t failed", { cause: kafkaResponse(29) }))).toBe(true);
    expect(isPermanentReplayError(new ProtocolError("TRANSACTIONAL_ID_AUTHORIZATION_FAILED"))).toBe(true);
    expect(isPermanentReplayError(new ConflictError("x"))).toBe(true);
  });

  it("keeps Kafka being down, a leader moving and unknown errors transient: they are retried", () => {
    expect(isPermanentReplayError(new DependencyUnavailableError("kafka", "no broker answered"))).toBe(false);
    expect(isPermanentReplayError(new Error("sending failed", { cause: kafkaResponse(6) }))).toBe(false); // NOT_LEADER_OR_FOLLOWER
    expect(isPermanentReplayError(new Error("sending failed", { cause: kafkaResponse(3) }))).toBe(false); // just created: metadata catching up
    expect(isPermanentReplayError(new Error("socket hang up"))).toBe(false);
    expect(isPermanentReplayError("weird")).toBe(false);
  });
});
