/**
 * A tolerant reader of the Prometheus text exposition format (0.0.4), for what the seed's MetricsEmitter
 * pushes (contracts.md 3.3): it writes histograms as one bare sample, which a strict parser (and the real
 * Pushgateway) rejects. Here such a sample is read as a plain value, and every line that cannot be read is
 * reported with its number and why, instead of failing the whole push.
 */
import "server-only";
export type Sample = { name: string; labels: Record<string, string>; value: number; line: number };
export type Skipped = { line: number; text: string; reason: string };
export type Exposition = { samples: Sample[]; types: Record<string, string>; skipped: Skipped[]; notes: string[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseLabels(s: string, at: number): { labels: Record<string, string>; rest: string } | string {
  const labels: Record<string, string> = {};
  let i = at;
  if (s[i] !== "{") return { labels, rest: s.slice(i) };
  i++;
  while (i < s.length) {
    while (s[i] === " " || s[i] === ",") i++;
    if (s[i] === "}") return { labels, rest: s.slice(i + 1) };
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i));
    if (!m) return `bad label name at column ${i + 1}`;
    const key = m[0];
    i += key.length;
    while (s[i] === " ") i++;
    if (s[i] !== "=") return `expected = after label ${key}`;
    i++;
    while (s[i] === " ") i++;
    if (s[i] !== '"') return `label ${key}: value must be in double quotes`;
    i++;
    let v = "";
    for (;;) {
      if (i >= s.length) return `label ${key}: unterminated value`;
      const c = s[i]!;
      if (c === "\\") {
        const n = s[i + 1];
        v += n === "n" ? "\n" : (n ?? "");
        i += 2;
      } else if (c === '"') {
        i++;
        break;
      } else {
        v += c;
        i++;
      }
    }
    labels[key] = v;
  }
  return "unterminated label set";
}

function parseValue(v: string): number | null {
  if (/^[+-]?inf$/i.test(v)) return v.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(v)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  return Number(v);
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], types: {}, skipped: [], notes: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const s = raw.trim();
    if (!s) return;
    if (s.startsWith("#")) {
      const t = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(s);
      if (t) out.types[t[1]!] = t[2]!;
      return; // HELP and other comments
    }
    const nm = NAME.exec(s);
    if (!nm)
      return void out.skipped.push({ line, text: raw.slice(0, 200), reason: "does not start with a metric name" });
    const lp = parseLabels(s, nm[0].length);
    if (typeof lp === "string") return void out.skipped.push({ line, text: raw.slice(0, 200), reason: lp });
    const parts = lp.rest.trim().split(/\s+/);
    const value = parts[0] === undefined ? null : parseValue(parts[0]);
    if (value === null)
      return void out.skipped.push({
        line,
        text: raw.slice(0, 200),
        reason: `no numeric value (got ${JSON.stringify(parts[0] ?? "")})`,
      });
    if (parts.length > 2 || (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])))
      return void out.skipped.push({ line, text: raw.slice(0, 200), reason: "unexpected text after the value" });
    out.samples.push({ name: nm[0], labels: lp.labels, value, line });
  });
  for (const [name, type] of Object.entries(out.types)) {
    if (type !== "histogram" && type !== "summary") continue;
    if (out.samples.some((x) => x.name === name))
      out.notes.push(
        `${name} is typed ${type} but was sent as a bare sample (no _bucket/_sum/_count): read as a plain value`,
      );
  }
  return out;
}
