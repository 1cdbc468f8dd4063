"use client";
import { Check, Copy, Download, EyeOff, Lock } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { DecodedPayload } from "@/server/dlq/contract";

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty JSON with keys, strings, numbers and literals coloured; plain React text, never HTML. */
export function JsonView({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const cls = m[1]
      ? m[2]
        ? "text-sky-700 dark:text-sky-300"
        : "text-emerald-700 dark:text-emerald-300"
      : m[3]
        ? "text-violet-700 dark:text-violet-300"
        : "text-amber-700 dark:text-amber-300";
    out.push(
      <span key={i++} className={cls}>
        {m[1] ?? m[3] ?? m[4]}
      </span>,
    );
    if (m[2]) out.push(m[2]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return <>{out}</>;
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1200);
        })
      }
      className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {done ? <Check className="size-3.5 text-emerald-600" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}{" "}
      {done ? "Copied" : "Copy"}
    </button>
  );
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1_048_576).toFixed(2)} MiB`;
}

/** Why a payload is not shown: the caller's role (NEXUS_DLQ_PAYLOAD_ROLE) or the page's preview byte cap. */
export function PayloadWithheld({ kind, role, size }: { kind: "hidden" | "omitted"; role?: string; size?: number }) {
  const Icon = kind === "hidden" ? Lock : EyeOff;
  return (
    <p className="flex items-start gap-2 p-3 text-xs text-zinc-600 dark:text-zinc-400" data-testid={`payload-${kind}`}>
      <Icon className="mt-0.5 size-3.5 shrink-0" aria-hidden />
      <span>
        {kind === "hidden" ? (
          <>
            <strong className="font-semibold">Payload hidden:</strong> needs the {role ?? "required"} role. Metadata,
            sizes and the error stay visible.
          </>
        ) : (
          <>
            <strong className="font-semibold">Preview left out:</strong> this page reached its preview size limit. Open
            the message on its own to see it.
          </>
        )}
        {size !== undefined && size > 0 ? ` (${formatBytes(size)})` : ""}
      </span>
    </p>
  );
}

/** A decoded key, value or header with its kind, size, copy and (when cut or binary) download. */
export function PayloadView({
  title,
  p,
  downloadUrl,
  payloadRole,
}: {
  title: string;
  p: DecodedPayload;
  downloadUrl?: string;
  payloadRole?: string;
}) {
  const withheld = p.kind === "hidden" || p.kind === "omitted";
  const copyText = p.kind === "binary" ? (p.base64 ?? "") : (p.text ?? "");
  return (
    <section className="rounded-md border border-zinc-200 dark:border-zinc-800" aria-label={title}>
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        <span className="font-semibold">{title}</span>
        <Badge tone={p.kind === "json" ? "blue" : p.kind === "binary" || withheld ? "amber" : "neutral"}>
          {p.kind}
        </Badge>
        <span className="text-zinc-500">
          {formatBytes(p.size)}
          {p.truncated ? " · preview cut" : ""}
        </span>
        {!withheld && (
          <span className="ml-auto flex gap-1">
            {p.kind !== "null" && (
              <CopyButton
                text={copyText}
                label={`Copy ${title.toLowerCase()}${p.kind === "binary" ? " as base64" : ""}`}
              />
            )}
            {downloadUrl && p.kind !== "null" && (
              <a
                href={downloadUrl}
                className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <Download className="size-3.5" aria-hidden /> Download
              </a>
            )}
          </span>
        )}
      </header>
      {withheld ? (
        <PayloadWithheld kind={p.kind as "hidden" | "omitted"} role={payloadRole} />
      ) : (
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all p-3 font-mono text-xs leading-relaxed">
          {p.kind === "null" ? (
            <span className="italic text-zinc-500">null</span>
          ) : p.kind === "json" ? (
            <JsonView text={p.text ?? ""} />
          ) : (
            p.text
          )}
        </pre>
      )}
    </section>
  );
}

/** One-line preview for tables. */
export function previewText(p: DecodedPayload, max = 80): string {
  if (p.kind === "null") return "null";
  if (p.kind === "binary") return `binary ${formatBytes(p.size)}`;
  if (p.kind === "hidden") return `hidden · ${formatBytes(p.size)}`;
  if (p.kind === "omitted") return `preview left out · ${formatBytes(p.size)}`;
  const t =
    p.kind === "json"
      ? (() => {
          try {
            return JSON.stringify(JSON.parse(p.text ?? ""));
          } catch {
            return p.text ?? "";
          }
        })()
      : (p.text ?? "");
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
