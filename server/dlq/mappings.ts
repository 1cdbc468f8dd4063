import type { Db } from "../adapters/db/index.ts";

export async function listMappings(db: Db, dlqTopic: string) {
  const rows = await db.dlqSourceMapping.findMany({ where: { dlqTopic }, orderBy: { source: "asc" } });
  return { mappings: rows.map((r) => ({ dlqTopic: r.dlqTopic, source: r.source, targetTopic: r.targetTopic, updatedBy: r.updatedBy, updatedAt: r.updatedAt.toISOString() })) };
}

/** Replaces a DLQ topic's whole mapping in one transaction. */
export async function putMappings(db: Db, dlqTopic: string, mappings: { source: string; targetTopic: string }[], by: string) {
  const seen = new Set<string>();
  const unique = mappings.filter((m) => (seen.has(m.source) ? false : (seen.add(m.source), true)));
  await db.$transaction([
    db.dlqSourceMapping.deleteMany({ where: { dlqTopic } }),
    db.dlqSourceMapping.createMany({ data: unique.map((m) => ({ dlqTopic, source: m.source, targetTopic: m.targetTopic, updatedBy: by })) }),
  ]);
  return listMappings(db, dlqTopic);
}
