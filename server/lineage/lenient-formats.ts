import "server-only";
import type { FieldProblem } from "../errors.ts";

/**
 * What an event's values that miss the spec's `format`s become. JSON Schema 2020-12 makes `format` an annotation
 * unless a vocabulary asserts it, and real producers rely on that: openlineage-python's own example and Great
 * Expectations' action send `eventTime` without a zone, dbt on BigQuery sends `dataSource.uri: "bigquery"`. So a
 * date-time this app can read is normalized (a zone-less one read as UTC), anything else kept as sent, and each is
 * reported as a warning with its path; only the values this app cannot do without are refused.
 */

/** A value at `path` (JSON segments from the event's root) that fails the spec's `format`. */
export type FormatFinding = { path: string[]; format: string };
export type FormatWarning = {
  path: string;
  format: string;
  action: "normalized" | "kept";
  message: string;
  value?: string;
};

/**
 * ISO 8601 date-times as producers write them: extended or basic, `T`, `t` or a space between date and time,
 * minutes and seconds optional, `.` or `,` before a fraction, and a zone that is `Z`, `±hh`, `±hhmm`, `±hh:mm` or absent.
 */
const DATE_TIME =
  /^(\d{4})-?(\d\d)-?(\d\d)[Tt\s](\d\d)(?::?(\d\d)(?::?(\d\d)([.,]\d+)?)?)?\s?([Zz]|[+-]\d\d(?::?\d\d)?)?$/;

function isRealDate(y: string, mo: string, d: string, h: string): boolean {
  const day = new Date(Date.UTC(2000, Number(mo) - 1, Number(d)));
  day.setUTCFullYear(Number(y)); // 2000 first: Date.UTC reads years 0-99 as 1900-1999
  return Number(mo) >= 1 && Number(mo) <= 12 && day.getUTCDate() === Number(d) && Number(h) <= 23;
}

/** A date-time as RFC 3339 text (`2021-11-03T10:53:52.427343Z`), or null when it is not one; without a zone it is UTC. */
export function readDateTime(s: string): { text: string; zoneless: boolean } | null {
  const m = DATE_TIME.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi = "00", sec = "00", frac = "", zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
    string?,
    string?,
    string?,
  ];
  if (!isRealDate(y, mo, d, h)) return null;
  const offset =
    !zone || zone === "z" || zone === "Z"
      ? "Z"
      : zone.length === 3
        ? `${zone}:00`
        : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const text = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.replace(",", ".")}${offset}`;
  return Number.isFinite(Date.parse(text)) ? { text, zoneless: !zone } : null;
}

/** Values this app cannot store in another form: the event's time, and the ids that key stored runs. */
const REQUIRED = new Map<string, string>(
  Object.entries({
    eventTime:
      "not a date-time this app can read (RFC 3339, e.g. 2021-11-03T10:53:52Z; one without a zone is read as UTC)",
    "run.runId": "must be a UUID: it identifies the run",
    "run.facets.parent.run.runId": "must be a UUID: it identifies the parent run",
  }),
);

/** The object or array holding the value at `path` (own keys only), and the value's key in it. */
function holderOf(root: unknown, path: string[]): { holder: Record<string, unknown>; key: string } | null {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (!cur || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  const key = path.at(-1);
  return cur && typeof cur === "object" && key !== undefined && Object.hasOwn(cur, key)
    ? { holder: cur as Record<string, unknown>, key }
    : null;
}

function decide(format: string, value: string): Omit<FormatWarning, "path" | "format"> {
  if (format === "date-time") {
    const t = readDateTime(value);
    if (t)
      return {
        action: "normalized",
        value: t.text,
        message: t.zoneless ? `no time zone: read as UTC (${t.text})` : `not RFC 3339: read as ${t.text}`,
      };
    return { action: "kept", message: "not a date-time: kept as text, not read as a time" };
  }
  return {
    action: "kept",
    message: `not ${format === "uri" ? "a URI" : format === "uuid" ? "a UUID" : `a ${format}`}: kept as text`,
  };
}

/**
 * The event with its format findings applied (a copy, when there are any), the warnings saying what was done at
 * each path, and the problems for values this app cannot do without.
 */
export function applyFormatFindings(
  event: Record<string, unknown>,
  findings: FormatFinding[],
): { event: Record<string, unknown>; warnings: FormatWarning[]; problems: FieldProblem[] } {
  if (!findings.length) return { event, warnings: [], problems: [] };
  const copy = structuredClone(event);
  const warnings: FormatWarning[] = [],
    problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const path = f.path.join(".");
    const at = holderOf(copy, f.path);
    const value: unknown = at?.holder[at.key];
    if (seen.has(path) || !at || typeof value !== "string") continue;
    seen.add(path);
    const done = decide(f.format, value);
    const required = REQUIRED.get(path);
    if (required && done.action === "kept") problems.push({ path, message: required });
    else {
      if (done.value !== undefined) at.holder[at.key] = done.value;
      warnings.push({ path, format: f.format, ...done });
    }
  }
  return { event: copy, warnings, problems };
}
