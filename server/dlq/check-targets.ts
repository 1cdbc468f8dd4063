import "server-only";
import type { KafkaGateway } from "../adapters/kafka/index.ts";
import { AppError } from "../errors.ts";
import type { BlockingTarget } from "./contract.ts";

/**
 * The targets of a plan that the real run cannot write, each with the error the run would stop on: the run asks the
 * same gateway call (metadata of the topic) before its first record goes there, so the dry run's `reason` is the
 * run's error word for word. A topic Kafka does not know is `missing`; one its authorizer refuses is `unauthorized`.
 * Anything else (Kafka down) is not an answer about the target and propagates.
 */
export async function findBlockingTargets(
  kafka: KafkaGateway,
  messagesByTopic: ReadonlyMap<string, number>,
): Promise<BlockingTarget[]> {
  const blocking: BlockingTarget[] = [];
  for (const [topic, messages] of messagesByTopic) {
    try {
      await kafka.metadata([topic]);
    } catch (e) {
      // By status, not subclass: the runtime's gateway may throw another bundle's copy of the error classes (errors.ts).
      const status = e instanceof AppError ? e.status : 0;
      if (status === 404) blocking.push({ topic, problem: "missing", reason: (e as Error).message, messages });
      else if (status === 403)
        blocking.push({ topic, problem: "unauthorized", reason: (e as Error).message, messages });
      else throw e;
    }
  }
  return blocking.sort((a, b) => b.messages - a.messages || a.topic.localeCompare(b.topic));
}
