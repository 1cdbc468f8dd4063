/** Journal entry of a replay: [partition, offset, outcome, target topic, reason]. */
import "server-only";
export type JournalEntry = [number, string, "sent" | "skipped" | "parked", string | null, string | null];

/**
 * A journal chunk as stored: topics and reasons once, then one text row per message. Thousands of
 * small arrays cost the ORM far more to serialize than one string (measured with bench/dlq.sh).
 */
export type StoredChunk = { v: 1; topics: string[]; reasons: string[]; rows: string };

const CODE = { sent: "s", skipped: "k", parked: "p" } as const;
const OUTCOME = { s: "sent", k: "skipped", p: "parked" } as const;

export function encodeChunk(entries: JournalEntry[]): StoredChunk {
  const topics: string[] = [];
  const reasons: string[] = [];
  const idx = (list: string[], v: string | null) => {
    if (v === null) return -1;
    let i = list.indexOf(v);
    if (i < 0) i = list.push(v) - 1;
    return i;
  };
  const rows = entries
    .map(([p, o, outcome, t, r]) => `${p} ${o} ${CODE[outcome]} ${idx(topics, t)} ${idx(reasons, r)}`)
    .join("\n");
  return { v: 1, topics, reasons, rows };
}

export function decodeChunk(stored: unknown): JournalEntry[] {
  const c = stored as StoredChunk;
  if (!c || c.v !== 1 || !c.rows) return [];
  return c.rows.split("\n").map((line) => {
    const [p, o, code, t, r] = line.split(" ");
    return [
      Number(p),
      o!,
      OUTCOME[code as keyof typeof OUTCOME],
      t === "-1" ? null : c.topics[Number(t)]!,
      r === "-1" ? null : c.reasons[Number(r)]!,
    ];
  });
}
