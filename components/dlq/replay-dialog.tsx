"use client";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { ErrorPanel, Spinner } from "@/components/ui/states";
import type { MessageFilter, MessageRef, ReplayCreated, ReplayPlan } from "@/server/dlq/contract";
import { BlockingTargets } from "./blocking-targets";
import { previewText } from "./payload-view";
import { useSubmitReplay, useSubmitS3Replay } from "./queries";

/** `replayed`: how many of the selected messages a replay already sent (from the browse page's marks). */
export type ReplaySelection =
  | { kind: "selected"; messages: MessageRef[]; replayed?: number }
  | { kind: "filter"; filter: MessageFilter };

/**
 * Replay in two steps: a dry run shows how many messages go to which topic, with samples, and what is
 * skipped and why; then the replay is queued as a durable job.
 */
export function ReplayDialog({
  topic,
  prefix,
  selection,
  onClose,
  onQueued,
}: {
  /** The dead-letter topic, or for S3 dead letters the prefix's s3:// name (shown only). */
  topic: string;
  /** S3 dead letters: the prefix replayed (POST /api/v1/dlq/s3/replays). */
  prefix?: string;
  selection: ReplaySelection | null;
  onClose: () => void;
  onQueued: () => void;
}) {
  const [override, setOverride] = useState("");
  const [rate, setRate] = useState("1000");
  const [cap, setCap] = useState("");
  const [guard, setGuard] = useState("3");
  const [parking, setParking] = useState("");
  const [plan, setPlan] = useState<ReplayPlan | null>(null);
  const kafkaSubmit = useSubmitReplay();
  const s3Submit = useSubmitS3Replay();
  const submit = prefix === undefined ? kafkaSubmit : s3Submit;
  const [queuedId, setQueuedId] = useState<string | null>(null);

  const body = (dryRun: boolean) => ({
    ...(selection?.kind === "selected"
      ? { messages: selection.messages }
      : { filter: selection?.kind === "filter" ? selection.filter : {} }),
    targetTopic: override.trim() || undefined,
    parkingTopic: parking.trim() || undefined,
    ratePerSecond: Number(rate) || 1000,
    maxMessages: cap ? Number(cap) : undefined,
    loopGuard: Number(guard) || 3,
    dryRun,
  });
  // A topic's replay or an S3 prefix's: the same request but for what names the source.
  const send = (dryRun: boolean, onSuccess: (r: ReplayCreated) => void) =>
    prefix === undefined
      ? kafkaSubmit.mutate({ ...body(dryRun), sourceTopic: topic }, { onSuccess })
      : s3Submit.mutate({ ...body(dryRun), prefix }, { onSuccess });
  const close = () => {
    setPlan(null);
    setQueuedId(null);
    submit.reset();
    onClose();
  };
  const dryRun = () =>
    send(true, (r) => {
      if (r.dryRun) setPlan(r.plan);
    });
  const replay = () =>
    send(false, (r) => {
      if (!r.dryRun) {
        setQueuedId(r.replay.id);
        toast.success(`Replay queued: ${plan?.total ?? ""} message(s)`);
        onQueued();
      }
    });
  const what =
    selection?.kind === "selected"
      ? `${selection.messages.length} selected message(s)`
      : "every message matching the current filter (up to the offsets seen now)";

  return (
    <Dialog
      open={selection !== null}
      onClose={close}
      title="Replay messages"
      footer={
        queuedId ? (
          <Button onClick={close}>Close</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="secondary" onClick={dryRun} disabled={submit.isPending}>
              Dry run
            </Button>
            <Button
              onClick={replay}
              disabled={submit.isPending || !plan || plan.total === 0 || !plan.ok}
              title={
                !plan ? "Run the dry run first" : !plan.ok ? "A target cannot be written: see the dry run" : undefined
              }
            >
              Replay {plan ? plan.total : ""}
            </Button>
          </>
        )
      }
    >
      {queuedId ? (
        <p>
          Replay queued. Follow it in the{" "}
          <Link className="text-indigo-600 underline dark:text-indigo-400" href={`/dlq/replays?id=${queuedId}`}>
            replay history
          </Link>
          .
        </p>
      ) : (
        <div className="space-y-3">
          <p className="text-zinc-600 dark:text-zinc-400">
            From <code className="font-mono">{topic}</code>: {what}.
          </p>
          {selection?.kind === "selected" && <AlreadyReplayedNote selection={selection} />}
          <div className="grid grid-cols-2 gap-3">
            <Field label="Override topic" hint="Empty: each message's original topic">
              <Input
                value={override}
                onChange={(e) => {
                  setOverride(e.target.value);
                  setPlan(null);
                }}
                placeholder="original topic"
              />
            </Field>
            <Field label="Rate (messages/s)">
              <Input type="number" min={1} value={rate} onChange={(e) => setRate(e.target.value)} />
            </Field>
            <Field label="At most" hint="Empty: no cap">
              <Input
                type="number"
                min={1}
                value={cap}
                onChange={(e) => {
                  setCap(e.target.value);
                  setPlan(null);
                }}
              />
            </Field>
            <Field label="Loop guard" hint="Not replayed after this many replays">
              <Input
                type="number"
                min={1}
                max={100}
                value={guard}
                onChange={(e) => {
                  setGuard(e.target.value);
                  setPlan(null);
                }}
              />
            </Field>
            <Field label="Parking topic" hint="Empty: looping records are only reported" className="col-span-2">
              <Input
                value={parking}
                onChange={(e) => {
                  setParking(e.target.value);
                  setPlan(null);
                }}
              />
            </Field>
          </div>
          {submit.isPending && <Spinner label="Reading the messages…" />}
          {submit.isError && <ErrorPanel error={submit.error} title="Could not plan the replay" />}
          {plan && <DryRunPlan plan={plan} topic={topic} onCreated={dryRun} />}
        </div>
      )}
    </Dialog>
  );
}

function AlreadyReplayedNote({ selection }: { selection: Extract<ReplaySelection, { kind: "selected" }> }) {
  if (!selection.replayed) return null;
  return (
    <p
      role="status"
      className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      {selection.replayed} of the {selection.messages.length} selected message(s) were already replayed (marked
      &quot;replayed&quot; in the list).
    </p>
  );
}

/** What the dry run found: messages per target topic with samples, what blocks the replay, and what is skipped. */
function DryRunPlan({ plan, topic, onCreated }: { plan: ReplayPlan; topic: string; onCreated: () => void }) {
  return (
    <section
      aria-label="Dry run"
      className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="dry-run"
    >
      <p className="mb-2 font-medium">
        {plan.ok
          ? `${plan.total} message(s) would be replayed (${plan.scanned} read).`
          : `${plan.total} message(s) planned (${plan.scanned} read), but the replay cannot run as it stands:`}
      </p>
      <ul className="space-y-2">
        {plan.byTarget.map((t) => (
          <li key={t.topic}>
            <span className="font-mono text-xs">→ {t.topic}</span>: <strong>{t.count}</strong>
            <ul className="ml-4 list-disc text-xs text-zinc-500">
              {t.samples.map((s) => (
                <li key={`${s.partition}:${s.offset}`} className="truncate">
                  {s.partition}@{s.offset}: {previewText(s.value, 60)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {!plan.ok && <BlockingTargets blocking={plan.blocking} sourceTopic={topic} onCreated={onCreated} />}
      {plan.skipped.length > 0 && (
        <div className="mt-2 text-xs text-amber-700 dark:text-amber-300">
          Not replayed:{" "}
          {plan.skipped.map((s) => (
            <div key={s.reason}>
              {s.count} × {s.reason}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
