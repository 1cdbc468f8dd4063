import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { KafkaGateway, TopicLayout } from "../adapters/kafka/index.ts";
import { ValidationError } from "../errors.ts";
import type { CreatedTargetTopic, CreateTargetTopicBody } from "./contract.ts";
import { loadTargetRules, targetRefusal, type DlqScope } from "./replay-targets.ts";
import { assertDlqTopic } from "./topics.ts";

/**
 * Creates a topic that a replay's dry run found missing. Only a topic replays may write: the same rules as
 * a replay target (never internal, never a dead-letter topic, NEXUS_REPLAY_TARGET_PATTERN), checked before Kafka is
 * asked, so this cannot create a DLQ or an internal topic. The layout comes from the request, else from `likeTopic`
 * (the dead-letter topic being replayed, itself checked as one), else the brokers' defaults. 409 when it exists.
 */
export async function createTargetTopic(opts: {
  kafka: KafkaGateway;
  db: Db;
  scope: DlqScope;
  body: CreateTargetTopicBody;
}): Promise<CreatedTargetTopic> {
  const { kafka, db, scope, body } = opts;
  const refused = targetRefusal(body.topic, await loadTargetRules(db, scope));
  if (refused) throw new ValidationError(`not a replay target: ${refused}`, [{ path: "body.topic", message: refused }]);
  let layout: TopicLayout | null = null;
  let layoutFrom: CreatedTargetTopic["layoutFrom"] = "cluster-default";
  if (body.partitions !== undefined && body.replicationFactor !== undefined) {
    layout = { partitions: body.partitions, replicationFactor: body.replicationFactor };
    layoutFrom = "request";
  } else if (body.likeTopic) {
    await assertDlqTopic({ db, pattern: scope.dlqTopicPattern, topic: body.likeTopic });
    layout = await kafka.topicLayout(body.likeTopic);
    layoutFrom = "like-topic";
  }
  const made = await kafka.createTopic(body.topic, layout);
  return { topic: body.topic, ...made, layoutFrom };
}
