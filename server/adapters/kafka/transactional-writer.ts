import "server-only";
import { Producer, murmur2 } from "@platformatic/kafka";
import { describeKafkaError } from "./kafka-errors.ts";

/** One record to write: key and value go to the wire as given (the client's serializers are no-ops). */
export type OutgoingRecord = {
  topic: string;
  partition: number;
  key?: Buffer;
  value?: Buffer;
  headers: Map<Buffer, Buffer>;
};

/**
 * Writes records in Kafka transactions under one transactional id, so that a restarted writer fences a dead one
 * and its open transaction is aborted, never half-visible to read_committed readers.
 */
export type TransactionalWriter = {
  /** Fences an earlier writer of this transactional id: InitProducerId aborts its open transaction. */
  fence(): Promise<void>;
  /** Sends the records in one transaction and commits it; aborts it and throws naming the topics when anything fails. */
  sendInTransaction(records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
};

/** The partition a Java producer would choose for a keyed record (murmur2, positive). */
export function partitionForKey(key: Buffer, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** The approximate wire size of a record, for splitting produce requests. */
const recordBytes = (m: OutgoingRecord) =>
  (m.key?.length ?? 0) + (m.value?.length ?? 0) + 64 + [...m.headers].reduce((n, [k, v]) => n + k.length + v.length, 0);

/**
 * Splits records into produce requests of ~512 KiB: the client does not split record batches, and the broker refuses
 * a batch over its message size limit (1 MiB by default).
 */
function* requests(records: OutgoingRecord[]): Generator<OutgoingRecord[]> {
  for (let i = 0; i < records.length; ) {
    let bytes = 0;
    let j = i;
    while (j < records.length && (j === i || bytes < 512 * 1024)) bytes += recordBytes(records[j++]!);
    yield records.slice(i, j);
    i = j;
  }
}

export function createTransactionalWriter(opts: {
  brokers: string[];
  transactionalId: string;
  clientId?: string;
}): TransactionalWriter {
  const producer = new Producer({
    clientId: opts.clientId ?? opts.transactionalId,
    bootstrapBrokers: opts.brokers,
    idempotent: true,
    acks: -1,
    transactionalId: opts.transactionalId,
    timeout: 15_000,
    retries: 5,
    retryDelay: 300,
    // InitProducerId as a new producer (-1/-1): the client's default (0/0) is refused as fenced once an
    // earlier run of this transactional id holds an epoch.
    producerId: -1n,
    producerEpoch: -1,
  });
  return {
    async fence() {
      const tx = await producer.beginTransaction();
      await tx.cancel(); // nothing was sent in it: no EndTxn needed
    },
    async sendInTransaction(records) {
      const tx = await producer.beginTransaction();
      try {
        for (const messages of requests(records)) await tx.send({ messages: messages as never });
        await tx.commit();
      } catch (e) {
        await tx.abort().catch(() => undefined);
        throw new Error(
          `sending to ${[...new Set(records.map((m) => m.topic))].join(", ")} failed: ${describeKafkaError(e)}`,
          { cause: e },
        );
      }
    },
    close: () => new Promise<void>((resolve) => producer.close(true, () => resolve())),
  };
}
