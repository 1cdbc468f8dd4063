import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { HealthSnapshot, ServiceHealth } from "./contract.ts";

const DLQ_WINDOW_MS = 5 * 60_000;

type Sample = { at: number; sizes: Map<string, number> };

/** DLQ totals per topic over the last minutes, for growth: each cycle's sizes against the oldest in the window. */
export type DlqGrowth = {
  /** Seeds the window from the stored Kafka probe results, so that growth survives a restart. */
  load(db: Db): Promise<void>;
  /** The cycle's DLQ sizes with their growth over the window; null when Kafka is down or reported none. */
  next(services: ServiceHealth[], now: number): HealthSnapshot["dlq"];
};

export function createDlqGrowth(): DlqGrowth {
  let samples: Sample[] = [];
  return {
    async load(db) {
      const kafkaRows = await db.healthCheck.findMany({
        where: { kind: "kafka", checkedAt: { gte: new Date(Date.now() - DLQ_WINDOW_MS) } },
        orderBy: { checkedAt: "asc" },
        select: { checkedAt: true, metrics: true },
      });
      samples = kafkaRows.flatMap((r) => {
        const dlq = (r.metrics as { dlq?: { topic: string; messages: number }[] }).dlq;
        return dlq ? [{ at: r.checkedAt.getTime(), sizes: new Map(dlq.map((d) => [d.topic, d.messages])) }] : [];
      });
    },
    next(services, now) {
      const kafka = services.find((s) => s.kind === "kafka");
      const sizes =
        kafka?.status !== "down"
          ? (kafka?.metrics.dlq as { topic: string; messages: number }[] | undefined)
          : undefined;
      if (!sizes) return null;
      samples = samples.filter((s) => s.at >= now - DLQ_WINDOW_MS - 1);
      const oldest = samples[0];
      samples.push({ at: now, sizes: new Map(sizes.map((d) => [d.topic, d.messages])) });
      const topics = sizes.map((d) => {
        const before = oldest?.sizes.get(d.topic);
        return {
          topic: d.topic,
          messages: d.messages,
          growth: oldest === undefined ? null : Math.max(0, d.messages - (before ?? 0)),
        };
      });
      return { topics, total: topics.reduce((s, t) => s + t.messages, 0) };
    },
  };
}
