import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import { loadTargetRules, targetRefusal, type DlqScope } from "./replay-targets.ts";
import { assertDlqTopic } from "./topics.ts";

export async function listMappings(db: Db, dlqTopic: string) {
  const rows = await db.dlqSourceMapping.findMany({ where: { dlqTopic }, orderBy: { source: "asc" } });
  return {
    mappings: rows.map((r) => ({
      dlqTopic: r.dlqTopic,
      source: r.source,
      targetTopic: r.targetTopic,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

/**
 * Replaces a DLQ topic's whole mapping in one transaction. Only for a topic that is a dead-letter topic already
 * (by name, pattern or an earlier mapping): a mapping makes its topic readable through the DLQ routes, so it must
 * not be a way to open up any topic. Each target must be one a replay may write to.
 */
export async function putMappings(opts: {
  db: Db;
  scope: DlqScope;
  topic: string;
  mappings: { source: string; targetTopic: string }[];
  by: string;
}) {
  const { db, topic: dlqTopic } = opts;
  await assertDlqTopic({ db, pattern: opts.scope.dlqTopicPattern, topic: dlqTopic });
  const rules = await loadTargetRules(db, opts.scope);
  const problems = opts.mappings.flatMap((m, i) => {
    const why = targetRefusal(m.targetTopic, rules);
    return why ? [{ path: `body.mappings.${i}.targetTopic`, message: why }] : [];
  });
  if (problems.length)
    throw new ValidationError(`replay target refused: ${problems.map((p) => p.message).join("; ")}`, problems);
  const seen = new Set<string>();
  const unique = opts.mappings.filter((m) => (seen.has(m.source) ? false : (seen.add(m.source), true)));
  await db.$transaction([
    db.dlqSourceMapping.deleteMany({ where: { dlqTopic } }),
    db.dlqSourceMapping.createMany({
      data: unique.map((m) => ({ dlqTopic, source: m.source, targetTopic: m.targetTopic, updatedBy: opts.by })),
    }),
  ]);
  return listMappings(db, dlqTopic);
}
