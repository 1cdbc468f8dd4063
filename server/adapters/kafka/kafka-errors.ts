import "server-only";
import { GenericError, MultipleErrors } from "@platformatic/kafka";
import { AppError, DependencyUnavailableError, ForbiddenError, NotFoundError } from "../../errors.ts";

/** Whether a client error carries the Kafka error code `code` (one of its protocol errors, at any depth). */
export function hasKafkaErrorCode(e: unknown, code: number): boolean {
  if (e instanceof MultipleErrors) return e.findBy("apiCode", code) !== null;
  return e instanceof GenericError && e.findBy("apiCode", code) !== null;
}

/** Whether an error is the Kafka client's own (an answer or a failure of Kafka), not a bug or a deadline. */
export function isKafkaClientError(e: unknown): boolean {
  return e instanceof GenericError || e instanceof MultipleErrors;
}

export function describeKafkaError(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) {
    return [...new Set(e.errors.map(describeKafkaError))].join("; ");
  }
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const own = e.message;
    return cause && cause !== e ? `${own} (${describeKafkaError(cause)})` : own;
  }
  return String(e);
}

/**
 * The error and its causes (and an AggregateError's members, except the client's MultipleErrors, whose codes
 * hasKafkaErrorCode reads itself), outermost first, at most 10 deep.
 */
export function* kafkaErrorChain(e: unknown, depth = 0): Generator<unknown> {
  if (e === undefined || e === null || depth > 10) return;
  yield e;
  if (e instanceof AggregateError && !(e instanceof MultipleErrors))
    for (const x of e.errors) yield* kafkaErrorChain(x, depth + 1);
  if (e instanceof Error && e.cause !== e) yield* kafkaErrorChain(e.cause, depth + 1);
}

/** A client failure of a call as a domain error: forbidden, missing topic, or Kafka unavailable; anything else as is. */
export function mapKafkaError(e: unknown, ctx: { what: string; brokers: string[]; topic?: string }): unknown {
  if (e instanceof AppError) return e;
  const { what, topic } = ctx;
  const brokers = ctx.brokers.join(", ");
  const text = describeKafkaError(e);
  // TOPIC_AUTHORIZATION_FAILED: the brokers' authorizer refuses this app's principal; retrying cannot change that.
  if (/TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/i.test(text) || hasKafkaErrorCode(e, 29)) {
    return new ForbiddenError(
      `kafka refused access to ${topic ? `topic ${topic}` : "a topic"} (TOPIC_AUTHORIZATION_FAILED) on ${brokers}`,
    );
  }
  if (/UNKNOWN_TOPIC_OR_PARTITION|UNKNOWN_TOPIC_ID|does not exist|Unknown topic/i.test(text)) {
    return new NotFoundError(topic ? `topic ${topic} does not exist on ${brokers}` : `topic does not exist: ${text}`);
  }
  if (isKafkaClientError(e)) {
    return new DependencyUnavailableError("kafka", `${what} failed against ${brokers}: ${text}`, { cause: e });
  }
  return e;
}
