"use client";
import { X } from "lucide-react";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { dateTime } from "@/components/ui/format";
import { QueryState } from "@/components/ui/states";
import { CopyButton, PayloadView, previewText } from "./payload-view";
import { messageDownloadUrl, useMessage } from "./queries";
import { ReplayedBadge } from "./replayed-badge";
import type { DecodedPayload, DlqMessage } from "@/server/dlq/contract";

const hex = (base64: string | null) =>
  Array.from(atob(base64 ?? ""), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");

function HeaderValue({ v }: { v: DecodedPayload }) {
  if (v.kind === "hidden" || v.kind === "omitted") return <i className="text-zinc-500">{previewText(v)}</i>;
  if (v.kind === "binary") return <span title={v.text ?? ""}>0x{hex(v.base64)}</span>;
  return <>{v.text ?? <i>null</i>}</>;
}

type DrawerProps = {
  topic: string;
  target: { partition: number; offset: string } | null;
  onClose: () => void;
  payloadRole?: string;
  /** The message as its page has it (S3 dead letters, which have no single-record endpoint): shown as is, no download. */
  message?: DlqMessage | null;
};

/** The message detail drawer: normalized error, key, value, headers; Escape closes it. */
export function MessageDrawer({ topic, target: msgRef, onClose, payloadRole, message }: DrawerProps) {
  const m = useMessage(topic, message ? null : msgRef);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!msgRef) return;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [msgRef, onClose]);
  if (!msgRef) return null;
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-black/30" onClick={onClose}>
      <div
        ref={panel}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={`Message ${msgRef.partition}@${msgRef.offset}`}
        onClick={(e) => e.stopPropagation()}
        className="h-full w-[min(48rem,100vw)] overflow-y-auto border-l border-zinc-200 bg-white p-5 shadow-2xl outline-none dark:border-zinc-800 dark:bg-zinc-950"
      >
        <div className="mb-4 flex items-start justify-between gap-2">
          <div>
            <h2 className="text-base font-semibold">
              Message{" "}
              <code className="font-mono">
                {msgRef.partition}@{msgRef.offset}
              </code>
            </h2>
            <p className="text-xs text-zinc-500">
              {message?.object ? `s3://…/${message.object}` : topic}
              {(message ?? m.data) ? ` · ${dateTime((message ?? m.data)!.timestamp)}` : ""}
            </p>
          </div>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close"
            title="Close"
            className="rounded p-1 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
          >
            <X className="size-4" />
          </button>
        </div>
        {message ? (
          <MessageBody msg={message} payloadRole={payloadRole} />
        ) : (
          <QueryState query={m}>
            {(msg) => (
              <MessageBody
                msg={msg}
                payloadRole={payloadRole}
                download={(part) => messageDownloadUrl(topic, msgRef, part)}
              />
            )}
          </QueryState>
        )}
      </div>
    </div>
  );
}

function MessageBody({
  msg,
  payloadRole,
  download,
}: {
  msg: DlqMessage;
  payloadRole?: string;
  download?: (part: "key" | "value") => string;
}) {
  return (
    <div className="space-y-4">
      <ReplayMarks message={msg} />
      <WhyItFailed error={msg.error} />
      <PayloadView title="Key" p={msg.key} downloadUrl={download?.("key")} payloadRole={payloadRole} />
      <PayloadView title="Value" p={msg.value} downloadUrl={download?.("value")} payloadRole={payloadRole} />
      <Headers headers={msg.headers} />
    </div>
  );
}

function ReplayMarks({ message }: { message: DlqMessage }) {
  if (!message.replays?.length) return null;
  return (
    <section
      aria-label="Already replayed"
      className="rounded-md border border-violet-200 bg-violet-50/60 p-3 text-sm dark:border-violet-900 dark:bg-violet-950/30"
    >
      <p className="mb-1 font-medium">
        Already replayed {message.replays.length === 1 ? "once" : `${message.replays.length} times`}
      </p>
      <ul className="space-y-1 text-xs">
        {message.replays.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2">
            <ReplayedBadge mark={r} />
            <span className="text-zinc-600 dark:text-zinc-400">
              {r.targetTopic ? (
                <>
                  → <code className="font-mono">{r.targetTopic}</code>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function WhyItFailed({ error }: { error: DlqMessage["error"] }) {
  return (
    <section
      aria-label="Why it failed"
      className="rounded-md border border-rose-200 bg-rose-50/60 p-3 text-sm dark:border-rose-900 dark:bg-rose-950/30"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <Badge tone="red">{error.errorClass ?? "unknown error"}</Badge>
        <Badge tone="neutral">{error.format}</Badge>
        {error.replayCount > 0 && <Badge tone="amber">replayed {error.replayCount}×</Badge>}
      </div>
      {error.message && <p className="mb-2 font-medium">{error.message}</p>}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className="text-zinc-500">Original topic</dt>
        <dd className="font-mono">
          {error.originalTopic ?? "—"}
          {error.originalTopicFrom === "mapping" ? " (from the source mapping)" : ""}
        </dd>
        <dt className="text-zinc-500">Partition / offset</dt>
        <dd className="font-mono">
          {error.originalPartition ?? "—"} / {error.originalOffset ?? "—"}
        </dd>
        <dt className="text-zinc-500">Stage</dt>
        <dd>{error.stage ?? "—"}</dd>
        <dt className="text-zinc-500">Source</dt>
        <dd>{error.source ?? "—"}</dd>
        <dt className="text-zinc-500">Failed at</dt>
        <dd>{error.timestamp ?? "—"}</dd>
        <dt className="text-zinc-500">Attempts</dt>
        <dd>{error.attempts ?? "—"}</dd>
      </dl>
      {error.stackTrace && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs font-medium">
            Stack trace <CopyButton text={error.stackTrace} label="Copy stack trace" />
          </summary>
          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap font-mono text-[11px]">
            {error.stackTrace}
          </pre>
        </details>
      )}
    </section>
  );
}

function Headers({ headers }: { headers: DlqMessage["headers"] }) {
  return (
    <section aria-label="Headers">
      <h3 className="mb-2 text-sm font-semibold">Headers ({headers.length})</h3>
      {headers.length === 0 ? (
        <p className="text-xs text-zinc-500">No headers.</p>
      ) : (
        <table className="w-full text-left text-xs">
          <tbody>
            {headers.map((h, i) => (
              <tr key={`${h.key}-${i}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-1 pr-3 font-mono text-zinc-600 dark:text-zinc-400">{h.key}</td>
                <td className="break-all py-1 font-mono">
                  <HeaderValue v={h.value} />
                </td>
                <td className="py-1 pl-2">
                  {h.value.text !== null && (
                    <CopyButton
                      text={h.value.kind === "binary" ? (h.value.base64 ?? "") : (h.value.text ?? "")}
                      label={`Copy header ${h.key}`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
