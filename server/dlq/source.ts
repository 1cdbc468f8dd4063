import "server-only";
import type { KafkaRecordOut, PartitionOffsets } from "../adapters/kafka/index.ts";

/**
 * Where dead letters are read from, as the shared reads see it: a log of records in partitions, each record at an
 * offset. A Kafka topic is one as it is (the KafkaGateway fits this shape); an S3 prefix is one with an object per
 * partition, in key order, and a record per non-empty line (s3-log.ts). Scanning, group-by, export, the replay plan
 * and the replay run take a DeadLetterLog, so decoding, error normalization, filters, the replay rules and the
 * journal are the same code for both sources.
 */
export type DeadLetterLog = {
  /** Per partition: the first offset (low) and the end (stable, exclusive). */
  partitionOffsets(name: string): Promise<PartitionOffsets[]>;
  /** Records of one partition from `from` (inclusive) to `end` (exclusive), at most `max`. */
  read(name: string, partition: number, from: bigint, opts: { max: number; end?: bigint }): Promise<SourceRecord[]>;
  /** Per partition, the first offset at or after `ms`; null where nothing is that recent. */
  offsetsForTime(name: string, ms: number): Promise<(bigint | null)[]>;
};

/** A record of either source; `object` is the S3 key it came from (absent for Kafka). */
export type SourceRecord = KafkaRecordOut & { object?: string };
