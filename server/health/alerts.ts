import "server-only";
import type { Logger } from "pino";
import type { Db } from "../adapters/db/index.ts";
import type { Alert, AlertRule } from "../../prisma/generated/client.ts";
import { NotFoundError } from "../errors.ts";
import type { AlertRuleView, AlertView, HealthSnapshot, RulePatch } from "./contract.ts";
import type { WebhookDelivery } from "../adapters/webhook/index.ts";
import type { GroupLag } from "./kafka-probe.ts";
import type { z } from "zod";

type RuleKind = AlertRuleView["kind"];

/** The seed's rules (contracts.md 5.2 and the issue): created at start when missing, never overwritten. */
export const BUILT_IN_RULES: Omit<AlertRule, "updatedAt" | "updatedBy" | "enabled">[] = [
  {
    id: "low-quality-score",
    name: "LowQualityScore",
    kind: "quality_score",
    threshold: 80,
    forSeconds: 300,
    severity: "warning",
    description:
      "data_quality_score of a layer (the average of its datasets' latest scores) under the threshold; the seed's threshold is 80",
  },
  {
    id: "consumer-lag",
    name: "KafkaConsumerLag",
    kind: "consumer_lag",
    threshold: 10_000,
    forSeconds: 600,
    severity: "warning",
    description:
      "a consumer group's lag on a topic (messages, summed over partitions) over the threshold, as the seed's kafka_consumergroup_lag > 10000",
  },
  {
    id: "dlq-growth",
    name: "DLQGrowth",
    kind: "dlq_growth",
    threshold: 100,
    forSeconds: 0,
    severity: "warning",
    description: "a dead-letter topic grew by more than the threshold (messages) in the last 5 minutes",
  },
  {
    id: "service-down",
    name: "ServiceDown",
    kind: "service_down",
    threshold: 0,
    forSeconds: 60,
    severity: "critical",
    description: "a probed service has been down for longer than the rule's duration",
  },
];

export async function ensureBuiltInRules(db: Db): Promise<void> {
  await db.alertRule.createMany({ data: BUILT_IN_RULES.map((r) => ({ ...r, enabled: true })), skipDuplicates: true });
}

type Condition = { subject: string; value: number; summary: string; since?: Date };
export type AlertInputs = { snapshot: HealthSnapshot; qualityByLayer: { layer: string; score: number }[] };

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Subjects for which a rule's condition holds now. */
export function conditions(rule: Pick<AlertRule, "kind" | "threshold">, inputs: AlertInputs): Condition[] {
  const kind = rule.kind as RuleKind;
  const t = rule.threshold;
  switch (kind) {
    case "quality_score":
      return inputs.qualityByLayer
        .filter((l) => l.score < t)
        .map((l) => ({
          subject: `layer=${l.layer}`,
          value: l.score,
          summary: `data_quality_score{layer="${l.layer}"} is ${fmt(l.score)} (under ${fmt(t)})`,
        }));
    case "consumer_lag": {
      const kafka = inputs.snapshot.services.find((s) => s.kind === "kafka" && s.status !== "down");
      const lags = (kafka?.metrics.lag as GroupLag[] | undefined) ?? [];
      return lags
        .filter((l) => l.lag > t)
        .map((l) => ({
          subject: `group=${l.group} topic=${l.topic}`,
          value: l.lag,
          summary: `consumer group ${l.group} is ${l.lag} messages behind on ${l.topic} (over ${fmt(t)})`,
        }));
    }
    case "dlq_growth":
      return (inputs.snapshot.dlq?.topics ?? [])
        .filter((d) => d.growth !== null && d.growth > t)
        .map((d) => ({
          subject: `topic=${d.topic}`,
          value: d.growth!,
          summary: `${d.topic} grew by ${d.growth} messages in 5 minutes (over ${fmt(t)}); ${d.messages} held`,
        }));
    case "service_down":
      return inputs.snapshot.services
        .filter((s) => s.status === "down")
        .map((s) => ({
          subject: `service=${s.service}`,
          value: Math.round((Date.parse(inputs.snapshot.checkedAt ?? s.checkedAt) - Date.parse(s.since)) / 1000),
          summary: `${s.service} (${s.cluster}) is down: ${s.detail}`,
          since: new Date(s.since),
        }));
  }
}

/**
 * One evaluation of every rule: conditions open pending alerts, which fire once they have held for the
 * rule's duration; firing alerts resolve when their condition no longer holds; pending ones that never
 * fired are dropped. Firing and resolving are sent to the webhook when one is configured.
 */
export async function evaluateAlerts(opts: {
  db: Db;
  log: Logger;
  inputs: AlertInputs;
  now?: Date;
  webhook?: WebhookDelivery;
}): Promise<{ fired: string[]; resolved: string[] }> {
  const { db, inputs } = opts;
  const now = opts.now ?? new Date();
  const rules = await db.alertRule.findMany();
  const open = await db.alert.findMany({ where: { state: { in: ["pending", "firing"] } } });
  const fired: Alert[] = [];
  const resolved: Alert[] = [];
  for (const rule of rules) {
    const current = rule.enabled ? conditions(rule, inputs) : [];
    const mine = open.filter((a) => a.ruleId === rule.id);
    for (const c of current) {
      const existing = mine.find((a) => a.subject === c.subject);
      const pendingSince = existing?.pendingSince ?? (c.since && c.since < now ? c.since : now);
      const due = now.getTime() - pendingSince.getTime() >= rule.forSeconds * 1000;
      if (!existing) {
        const a = await db.alert.create({
          data: {
            ruleId: rule.id,
            subject: c.subject,
            state: due ? "firing" : "pending",
            value: c.value,
            summary: c.summary,
            pendingSince,
            firedAt: due ? now : null,
          },
        });
        if (due) fired.push(a);
      } else {
        const firing = existing.state === "pending" && due;
        const a = await db.alert.update({
          where: { id: existing.id },
          data: { value: c.value, summary: c.summary, ...(firing ? { state: "firing", firedAt: now } : {}) },
        });
        if (firing) fired.push(a);
      }
    }
    for (const a of mine.filter((m) => !current.some((c) => c.subject === m.subject))) {
      if (a.state === "pending") await db.alert.delete({ where: { id: a.id } });
      else resolved.push(await db.alert.update({ where: { id: a.id }, data: { state: "resolved", resolvedAt: now } }));
    }
  }
  if (opts.webhook && (fired.length || resolved.length)) {
    const byId = new Map(rules.map((r) => [r.id, r]));
    await Promise.all(
      [...fired.map((a) => [a, "firing"] as const), ...resolved.map((a) => [a, "resolved"] as const)].map(
        async ([a, state]) => {
          const rule = byId.get(a.ruleId)!;
          const outcome = await opts.webhook!({
            source: "nexus-control-plane",
            state,
            alert: rule.name,
            rule: rule.id,
            severity: rule.severity,
            subject: a.subject,
            value: a.value,
            summary: a.summary,
            startsAt: (a.firedAt ?? a.pendingSince).toISOString(),
            endsAt: a.resolvedAt?.toISOString() ?? null,
          });
          if (!outcome.startsWith("delivered"))
            opts.log.warn({ alert: rule.name, subject: a.subject, outcome }, "alert webhook not delivered");
          await db.alert.update({ where: { id: a.id }, data: { webhook: `${state}: ${outcome}` } });
        },
      ),
    );
  }
  for (const a of fired) opts.log.warn({ rule: a.ruleId, subject: a.subject, summary: a.summary }, "alert firing");
  for (const a of resolved) opts.log.info({ rule: a.ruleId, subject: a.subject }, "alert resolved");
  return {
    fired: fired.map((a) => `${a.ruleId} ${a.subject}`),
    resolved: resolved.map((a) => `${a.ruleId} ${a.subject}`),
  };
}

export function ruleView(r: AlertRule): AlertRuleView {
  return {
    ...r,
    kind: r.kind as RuleKind,
    severity: r.severity as AlertRuleView["severity"],
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listAlerts(
  db: Db,
): Promise<{ rules: AlertRuleView[]; active: AlertView[]; history: AlertView[] }> {
  const [rules, active, history] = await Promise.all([
    db.alertRule.findMany({ orderBy: { name: "asc" } }),
    db.alert.findMany({
      where: { state: { in: ["pending", "firing"] } },
      orderBy: { pendingSince: "desc" },
      take: 500,
    }),
    db.alert.findMany({ where: { state: "resolved" }, orderBy: { resolvedAt: "desc" }, take: 100 }),
  ]);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const view = (a: Alert): AlertView => {
    const r = byId.get(a.ruleId);
    return {
      id: a.id,
      ruleId: a.ruleId,
      rule: r?.name ?? a.ruleId,
      severity: (r?.severity ?? "warning") as AlertView["severity"],
      subject: a.subject,
      state: a.state as AlertView["state"],
      value: a.value,
      summary: a.summary,
      pendingSince: a.pendingSince.toISOString(),
      firedAt: a.firedAt?.toISOString() ?? null,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      webhook: a.webhook,
    };
  };
  const rank = { firing: 0, pending: 1, resolved: 2 } as const;
  const sev = { critical: 0, warning: 1, info: 2 } as const;
  return {
    rules: rules.map(ruleView),
    active: active.map(view).sort((a, b) => rank[a.state] - rank[b.state] || sev[a.severity] - sev[b.severity]),
    history: history.map(view),
  };
}

/** An admin's change to a rule; a disabled rule's open alerts resolve at once. */
export async function updateRule(
  db: Db,
  id: string,
  patch: z.infer<typeof RulePatch>,
  actor: string,
): Promise<AlertRuleView> {
  const existing = await db.alertRule.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError(`no alert rule ${id}`);
  const r = await db.alertRule.update({ where: { id }, data: { ...patch, updatedBy: actor } });
  if (patch.enabled === false) {
    const now = new Date();
    await db.alert.deleteMany({ where: { ruleId: id, state: "pending" } });
    await db.alert.updateMany({
      where: { ruleId: id, state: "firing" },
      data: { state: "resolved", resolvedAt: now, summary: `${existing.name} disabled by ${actor}` },
    });
  }
  return ruleView(r);
}
