import "server-only";
import { z } from "zod";
import type { S3Store } from "../adapters/s3/index.ts";
import type { Db } from "../adapters/db/index.ts";
import { ValidationError } from "../errors.ts";
import { PAGE_PAYLOAD_MAX_BYTES, type BrowsePage } from "./contract.ts";
import { hasFilter, matchesFilter, withError, type ReadRecord } from "./messages.ts";
import { pageMessages, type PayloadAccess } from "./payload-access.ts";
import { loadMapping } from "./scan.ts";
import type { S3BrowseQuery } from "./s3-contract.ts";
import type { S3DeadLetterLog } from "./s3-log.ts";
import { openS3Log } from "./s3-source.ts";

/** Cursor: the object to go on in (its key: stable while objects are added around it) and the record there. */
const Cursor = z.object({ k: z.string().max(1024), o: z.string().regex(/^\d{1,15}$/) });
type Cursor = z.infer<typeof Cursor>;
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(s: string): Cursor {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
  } catch {
    throw new ValidationError("invalid cursor", [{ path: "cursor", message: "use the next value of an earlier page" }]);
  }
}

const FILTER_SCAN_BUDGET = 20_000;

/**
 * One page of an S3 prefix, oldest object first: the objects in key order, each from its first line. Reads only
 * what the page needs (the first page of a large prefix is the first lines of its first object). Forward only:
 * `prev` is null; `next` continues after the last record shown (or read, with a filter).
 */
export async function browseS3(opts: {
  s3: S3Store | null;
  db: Db;
  query: S3BrowseQuery;
  access?: PayloadAccess;
  maxPageBytes?: number;
}): Promise<BrowsePage> {
  const q = opts.query;
  const log = await openS3Log(opts.s3, q.prefix);
  try {
    const mapping = await loadMapping(opts.db, log.name);
    const at = q.cursor ? decode(q.cursor) : null;
    // The cursor's object, or the first after it when it is gone.
    let p = at ? log.objects.findIndex((o) => o.key >= at.k) : 0;
    let offset = at && log.objects[p]?.key === at.k ? BigInt(at.o) : 0n;
    if (p < 0) p = log.objects.length;
    const read = await readPage(log, mapping, q, { p, offset });
    ({ p, offset } = read);
    // Is there more? Peek one record where the next page would start.
    const more = p < log.objects.length && (await hasRecordAt(log, p, offset));
    const access = opts.access ?? { shown: true, role: "viewer" as const };
    const shown = pageMessages(log.name, read.taken, {
      preview: q.preview,
      access,
      maxBytes: opts.maxPageBytes ?? PAGE_PAYLOAD_MAX_BYTES,
    });
    return {
      topic: log.name,
      messages: shown.messages.map((m) => ({ ...m, replays: [] })),
      next: more ? encode({ k: log.objects[p]!.key, o: offset.toString() }) : null,
      prev: null,
      scanned: read.scanned,
      scanLimited: read.scanLimited,
      payloads: access.shown ? "shown" : "hidden",
      payloadRole: access.role,
      payloadBytes: shown.bytes,
      payloadCapped: shown.capped,
    };
  } finally {
    log.close();
  }
}

/** Reads from object `p`, record `offset` on until the page is full (with a filter: or the scan budget is spent). */
async function readPage(
  log: S3DeadLetterLog,
  mapping: ReadonlyMap<string, string>,
  q: S3BrowseQuery,
  at: { p: number; offset: bigint },
) {
  let { p, offset } = at;
  const filtered = hasFilter(q);
  const taken: ReadRecord[] = [];
  let scanned = 0;
  let scanLimited = false;
  while (p < log.objects.length && taken.length < q.limit) {
    if (filtered && scanned >= FILTER_SCAN_BUDGET) {
      scanLimited = true;
      break;
    }
    const want = filtered ? 500 : q.limit - taken.length;
    const recs = await log.read(log.name, p, offset, { max: want });
    for (const raw of recs) {
      if (taken.length >= q.limit) break;
      scanned++;
      offset = raw.offset + 1n;
      const r = withError(raw, mapping);
      if (matchesFilter(r, q)) taken.push(r);
    }
    if (recs.length < want) {
      p++;
      offset = 0n;
    }
  }
  return { taken, p, offset, scanned, scanLimited };
}

async function hasRecordAt(log: S3DeadLetterLog, p: number, offset: bigint): Promise<boolean> {
  if ((await log.read(log.name, p, offset, { max: 1 })).length) return true;
  // The object ended exactly here: more when a later object exists (every listed object holds lines or is skipped over).
  return p + 1 < log.objects.length;
}
