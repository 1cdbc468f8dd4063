"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel, Spinner } from "@/components/ui/states";
import type { MessageFilter, MessageRef } from "@/server/dlq/contract";
import type { S3CopyResult } from "@/server/dlq/contract";
import { useS3Copy } from "./queries";

export type CopySelection = { kind: "selected"; messages: MessageRef[] } | { kind: "filter"; filter: MessageFilter };

/** Copy to the reprocess prefix in two steps: a dry run counts what would be written, then a confirmed copy writes it. */
export function CopyDialog({
  prefix,
  selection,
  onClose,
}: {
  prefix: string;
  selection: CopySelection | null;
  onClose: () => void;
}) {
  const copy = useS3Copy();
  const [plan, setPlan] = useState<S3CopyResult | null>(null);
  const [done, setDone] = useState<S3CopyResult | null>(null);
  const body = (dryRun: boolean) => ({
    prefix,
    ...(selection?.kind === "selected"
      ? { messages: selection.messages }
      : { filter: selection?.kind === "filter" ? selection.filter : {} }),
    dryRun,
  });
  const close = () => {
    setPlan(null);
    setDone(null);
    copy.reset();
    onClose();
  };
  const dryRun = () => copy.mutate(body(true), { onSuccess: setPlan });
  const run = () =>
    copy.mutate(body(false), {
      onSuccess: (r) => {
        setDone(r);
        toast.success(`Copied ${r.records} record(s) to ${r.target}`);
      },
    });
  const what =
    selection?.kind === "selected"
      ? `${selection.messages.length} selected record(s)`
      : "every record matching the current filter";
  return (
    <Dialog
      open={selection !== null}
      onClose={close}
      title="Copy to the reprocess prefix"
      footer={
        done ? (
          <Button onClick={close}>Close</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="secondary" onClick={dryRun} disabled={copy.isPending}>
              Dry run
            </Button>
            <Button
              onClick={run}
              disabled={copy.isPending || !plan || plan.records === 0}
              title={!plan ? "Run the dry run first" : undefined}
            >
              Copy {plan ? plan.records : ""}
            </Button>
          </>
        )
      }
    >
      <div className="space-y-3">
        <p className="text-zinc-600 dark:text-zinc-400">
          From <code className="font-mono">{prefix}</code>: {what}, written as they are (one envelope per line) to a new
          object under <code className="font-mono">reprocess/</code>.
        </p>
        {copy.isPending && <Spinner label="Reading the records…" />}
        {copy.isError && <ErrorPanel error={copy.error} title="Could not copy" />}
        {plan && !done && (
          <p data-testid="copy-plan" className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            {plan.records} record(s) ({plan.bytes.toLocaleString()} bytes, {plan.scanned} read) would go to{" "}
            <code className="break-all font-mono text-xs">{plan.target.replace(/[^/]+$/, "…")}</code>
          </p>
        )}
        {done && (
          <p role="status" data-testid="copy-done">
            Wrote {done.records} record(s) to <code className="break-all font-mono text-xs">{done.target}</code>.
          </p>
        )}
      </div>
    </Dialog>
  );
}
