import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { ReplayMark } from "./contract.ts";
import { decodeChunk } from "./journal.ts";

/** Sent entries of one journal chunk: "partition:offset" -> target topic. */
type ChunkMarks = Map<string, string | null>;

/**
 * Decoded journal chunks, kept across requests: a chunk never changes once written (replays.ts and run-replay.ts
 * only append), so each is read and decoded once per process, and a browse page after that costs one query for
 * the chunk keys. Bounded by entries held; past the bound it starts over.
 */
const decoded = new Map<string, ChunkMarks>();
let held = 0;
const MAX_HELD = 2_000_000;
const FETCH_BATCH = 200;

const chunkKey = (replayId: string, seq: number) => `${replayId}#${seq}`;

async function loadChunks(db: Db, missing: { replayId: string; seq: number }[]): Promise<void> {
  if (missing.length && held > MAX_HELD) {
    decoded.clear();
    held = 0;
  }
  for (let i = 0; i < missing.length; i += FETCH_BATCH) {
    const rows = await db.dlqReplayChunk.findMany({
      where: { OR: missing.slice(i, i + FETCH_BATCH).map(({ replayId, seq }) => ({ replayId, seq })) },
      select: { replayId: true, seq: true, entries: true },
    });
    for (const r of rows) {
      const marks: ChunkMarks = new Map();
      for (const [p, o, outcome, target] of decodeChunk(r.entries))
        if (outcome === "sent") marks.set(`${p}:${o}`, target);
      decoded.set(chunkKey(r.replayId, r.seq), marks);
      held += marks.size;
    }
  }
}

/**
 * The Nexus replays that sent each of the given messages of a dead-letter topic, from their journals: id, time
 * of the journal chunk (the transaction's commit) and target, newest first. Messages never replayed get [].
 */
export async function replayMarks(
  db: Db,
  topic: string,
  refs: readonly { partition: number; offset: bigint | string }[],
): Promise<Map<string, ReplayMark[]>> {
  const out = new Map<string, ReplayMark[]>(refs.map((r) => [`${r.partition}:${r.offset}`, []]));
  if (!refs.length) return out;
  const chunks = await db.dlqReplayChunk.findMany({
    where: { replay: { sourceTopic: topic } },
    select: { replayId: true, seq: true, createdAt: true },
    orderBy: [{ createdAt: "desc" }, { seq: "desc" }],
  });
  await loadChunks(
    db,
    chunks.filter((c) => !decoded.has(chunkKey(c.replayId, c.seq))),
  );
  for (const c of chunks) {
    const marks = decoded.get(chunkKey(c.replayId, c.seq));
    if (!marks) continue;
    for (const [k, list] of out) {
      if (!marks.has(k) || list.some((m) => m.id === c.replayId)) continue;
      list.push({ id: c.replayId, at: c.createdAt.toISOString(), targetTopic: marks.get(k) ?? null });
    }
  }
  return out;
}
