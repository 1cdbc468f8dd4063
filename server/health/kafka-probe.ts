import "server-only";
import { describeKafkaError, type KafkaClusterState, type KafkaGateway } from "../adapters/kafka/index.ts";
import { AppError } from "../errors.ts";
import type { ProbeOutcome } from "./probes.ts";
import { tcpConnect } from "../adapters/probe/index.ts";

export type GroupLag = {
  group: string;
  state: string;
  topic: string;
  lag: number;
  partitions: { partition: number; lag: number }[];
};

/** Lag per group and topic: high-water offset minus committed offset, per partition (partitions never committed are left out). */
export function groupLags(state: KafkaClusterState): GroupLag[] {
  const high = new Map<string, bigint>();
  for (const t of state.topics) for (const p of t.partitions) high.set(`${t.name}:${p.partition}`, p.high);
  const out: GroupLag[] = [];
  for (const g of state.groups) {
    const byTopic = new Map<string, { partition: number; lag: number }[]>();
    for (const o of g.offsets) {
      const h = high.get(`${o.topic}:${o.partition}`);
      if (h === undefined || o.committed < 0n) continue;
      const lag = Number(h > o.committed ? h - o.committed : 0n);
      byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, lag }]);
    }
    for (const [topic, partitions] of byTopic)
      out.push({ group: g.group, state: g.state, topic, lag: partitions.reduce((s, p) => s + p.lag, 0), partitions });
  }
  return out.sort((a, b) => b.lag - a.lag);
}

/** Messages held per DLQ topic (high-water minus low-water, summed over partitions), the seed dashboards' DLQ depth. */
export function dlqSizes(state: KafkaClusterState, pattern: RegExp): { topic: string; messages: number }[] {
  return state.topics
    .filter((t) => pattern.test(t.name))
    .map((t) => ({ topic: t.name, messages: t.partitions.reduce((s, p) => s + Number(p.high - p.low), 0) }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
}

/**
 * Brokers up against the brokers the partitions expect, controller, topics, under-replicated and offline
 * partitions, consumer lag, DLQ sizes. A bootstrap address that refuses connections is named.
 */
export async function probeKafka(kafka: KafkaGateway, dlqPattern: RegExp, timeoutMs: number): Promise<ProbeOutcome> {
  const reach = await Promise.all(
    kafka.brokers.map((b) =>
      tcpConnect(b, timeoutMs).then(
        () => null,
        (e: Error) => e.message,
      ),
    ),
  );
  const unreachable = reach.filter((r): r is string => r !== null);
  let state: KafkaClusterState;
  try {
    state = await kafka.clusterState();
  } catch (e) {
    const why =
      unreachable.length === kafka.brokers.length
        ? unreachable.join("; ")
        : e instanceof AppError
          ? e.message
          : describeKafkaError(e);
    return { status: "down", detail: why, metrics: { bootstrap: kafka.brokers, unreachable } };
  }
  const live = new Set(state.brokers.map((b) => b.id));
  const expected = [...new Set([...state.replicaBrokerIds, ...live])].sort((a, b) => a - b);
  const missing = expected.filter((id) => !live.has(id));
  const underReplicated = state.topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.isr.length < p.replicas.length)
      .map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas, isr: p.isr })),
  );
  const offline = state.topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.leader < 0 || !live.has(p.leader))
      .map((p) => ({ topic: t.name, partition: p.partition })),
  );
  const lags = groupLags(state);
  const dlq = dlqSizes(state, dlqPattern);
  const metrics = {
    clusterId: state.clusterId,
    controllerId: state.controllerId,
    brokersUp: live.size,
    brokersExpected: expected.length,
    brokers: state.brokers.map((b) => ({
      id: b.id,
      address: `${b.host}:${b.port}`,
      controller: b.id === state.controllerId,
    })),
    missingBrokers: missing,
    unreachable,
    topics: state.topics.length,
    partitions: state.topics.reduce((s, t) => s + t.partitions.length, 0),
    underReplicated: underReplicated.length,
    underReplicatedPartitions: underReplicated.slice(0, 50),
    offline: offline.length,
    offlinePartitions: offline.slice(0, 50),
    groups: state.groups.length,
    groupsTruncated: state.groupsTruncated,
    groupsError: state.groupsError,
    totalLag: lags.reduce((s, l) => s + l.lag, 0),
    lag: lags.slice(0, 50),
    dlq,
  };
  const problems: string[] = [];
  if (missing.length) problems.push(`broker${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not in the cluster`);
  if (unreachable.length) problems.push(unreachable.join("; "));
  if (underReplicated.length) problems.push(`${underReplicated.length} under-replicated partition(s)`);
  if (offline.length) problems.push(`${offline.length} offline partition(s)`);
  if (state.controllerId < 0) problems.push("no active controller");
  const status = offline.length || state.controllerId < 0 ? "down" : problems.length ? "degraded" : "up";
  const summary = `${live.size}/${expected.length} brokers, controller ${state.controllerId}, ${metrics.topics} topics, ${metrics.partitions} partitions`;
  return { status, detail: problems.length ? `${problems.join("; ")} (${summary})` : summary, metrics };
}
