import "server-only";
import { hasKafkaErrorCode, kafkaErrorChain } from "../adapters/kafka/index.ts";
import { AppError } from "../errors.ts";

/**
 * Kafka error codes that retrying a replay cannot fix: INVALID_TOPIC_EXCEPTION (17), MESSAGE_TOO_LARGE (10),
 * TOPIC_AUTHORIZATION_FAILED (29), CLUSTER_AUTHORIZATION_FAILED (31), TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53).
 * UNKNOWN_TOPIC_OR_PARTITION is left out: the producer sees it for a moment after a topic is created; a topic
 * that really is missing is caught before, by the gateway's metadata (a NotFoundError).
 */
const PERMANENT_KAFKA_CODES = [10, 17, 29, 31, 53];

/**
 * Whether a failed replay attempt failed for good: a target that does not exist or that Kafka's authorizer
 * refuses, an invalid request. Such a replay fails at once with its message instead of sitting "queued" through its
 * retries. Kafka down or too slow (DependencyUnavailableError) and everything unknown stay transient: retried.
 */
export function isPermanentReplayError(e: unknown): boolean {
  for (const x of kafkaErrorChain(e)) {
    // By status, not subclass: errors from the runtime's adapters may be another bundle's copies (errors.ts).
    if (x instanceof AppError) return x.status >= 400 && x.status < 500;
    if (PERMANENT_KAFKA_CODES.some((c) => hasKafkaErrorCode(x, c))) return true;
  }
  return false;
}
