/** One record as read from a partition, bytes untouched. */
import "server-only";
export type KafkaRecordOut = {
  partition: number;
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
};

/** What the health probe reads of a cluster in one pass. */
export type KafkaClusterState = {
  clusterId: string;
  controllerId: number;
  brokers: { id: number; host: string; port: number }[];
  /** Every broker id that a partition lists as a replica: the brokers the cluster expects. */
  replicaBrokerIds: number[];
  topics: {
    name: string;
    partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; low: bigint; high: bigint }[];
  }[];
  groups: { group: string; state: string; offsets: { topic: string; partition: number; committed: bigint }[] }[];
  groupsTruncated: boolean;
  /** Why groups and their offsets could not be read this time, if they could not. */
  groupsError: string | null;
};

/** How a topic is laid out: what a new topic copies from another one. */
export type TopicLayout = { partitions: number; replicationFactor: number };

export type PartitionOffsets = { partition: number; leader: number; low: bigint; high: bigint; stable: bigint };

/** A topic as the metadata describes it: its id and, by partition index, leader, replicas and in-sync replicas. */
export type KafkaTopicMetadata = {
  name: string;
  id: string;
  partitionsCount: number;
  partitions: { leader: number; replicas: number[]; isr: number[] }[];
};

/** The metadata of the topics asked for, by name (each one exists: a missing one is a NotFoundError). */
export type KafkaTopicsMetadata = { topics: Map<string, KafkaTopicMetadata> };
