import "server-only";
import type { BrowsePage, DlqMessage, MessageFilter } from "./contract.ts";
import type { ExportEnd } from "./export-reader.ts";
import type { ScanRange } from "./scan.ts";

/**
 * What the audit events of content reads say: which partitions and offsets a caller saw, how many messages,
 * how many bytes, and with which filter. Offset ranges read "partition:first-last" (both included).
 */
function offsetRanges(messages: Pick<DlqMessage, "partition" | "offset">[]): string[] {
  const by = new Map<number, { first: bigint; last: bigint }>();
  for (const m of messages) {
    const o = BigInt(m.offset);
    const r = by.get(m.partition);
    if (!r) by.set(m.partition, { first: o, last: o });
    else {
      if (o < r.first) r.first = o;
      if (o > r.last) r.last = o;
    }
  }
  return [...by].sort((a, b) => a[0] - b[0]).map(([p, r]) => `${p}:${r.first}-${r.last}`);
}

/** The filter as given, without its unset fields. */
function filterOf(f: MessageFilter): Record<string, unknown> | undefined {
  const set = Object.entries(f).filter(([, v]) => v !== undefined);
  return set.length ? Object.fromEntries(set) : undefined;
}

export function browseAuditDetail(page: BrowsePage, filter: MessageFilter): Record<string, unknown> {
  const shown = page.messages.filter(
    (m) => ![m.key, m.value, ...m.headers.map((h) => h.value)].some((p) => p.kind === "omitted"),
  );
  return {
    ranges: offsetRanges(page.messages),
    count: page.messages.length,
    withPayloads: shown.length,
    payloadBytes: page.payloadBytes,
    payloadCapped: page.payloadCapped,
    filter: filterOf(filter),
  };
}

export function messageAuditDetail(
  m: Pick<DlqMessage, "partition" | "offset">,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return { ranges: offsetRanges([m]), count: 1, ...extra };
}

/** Before the first byte: the ranges the export may read (from-to, both included), its filter and format. */
export function exportStartDetail(
  ranges: ScanRange[],
  filter: MessageFilter,
  format: string,
  maxBytes: number,
): Record<string, unknown> {
  return {
    ranges: ranges.map((r) => `${r.partition}:${r.from}-${r.to - 1n}`),
    format,
    maxBytes,
    filter: filterOf(filter),
  };
}

export function exportEndDetail(end: ExportEnd): Record<string, unknown> {
  return {
    reason: end.reason,
    count: end.messages,
    bytes: end.bytes,
    scanned: end.scanned,
    next: end.next ?? undefined,
    error: end.error,
  };
}
