// Kafka: bounded reads and admin calls (KafkaGateway) and transactional writes (TransactionalWriter), answering our types.
import "server-only";
export { KafkaGateway } from "./kafka-gateway.ts";
export {
  createTransactionalWriter,
  partitionForKey,
  type OutgoingRecord,
  type TransactionalWriter,
} from "./transactional-writer.ts";
export { describeKafkaError, hasKafkaErrorCode, kafkaErrorChain } from "./kafka-errors.ts";
export type {
  KafkaClusterState,
  KafkaRecordOut,
  KafkaTopicMetadata,
  KafkaTopicsMetadata,
  PartitionOffsets,
  TopicLayout,
} from "./types.ts";
