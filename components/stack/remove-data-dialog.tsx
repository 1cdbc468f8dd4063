"use client";
import { Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/states";
import type { StackSummary } from "@/server/stack/contract";
import { useStackOperation } from "./queries";

/**
 * Stop the stack and delete its volumes (admin only). The API wants the stack's name repeated in `confirm`;
 * the user types it here, so the data is never deleted by one click.
 */
export function RemoveDataButton({
  stack,
  disabled,
  onJob,
}: {
  stack: StackSummary;
  disabled: boolean;
  onJob: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const op = useStackOperation();
  const close = () => {
    setOpen(false);
    setTyped("");
    op.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    op.mutate(
      { name: stack.name, op: "down", volumes: true, confirm: typed },
      {
        onSuccess: (r) => {
          onJob(r.job.id);
          toast.success(`Stopping ${stack.title} and deleting its volumes`);
          close();
        },
      },
    );
  };
  return (
    <>
      <Button
        size="sm"
        variant="danger"
        onClick={() => setOpen(true)}
        disabled={disabled}
        aria-label={`Delete data of ${stack.name}`}
      >
        <Trash2 className="size-3.5" aria-hidden /> Delete data
      </Button>
      <Dialog open={open} onClose={close} title={`Delete the data of ${stack.name}?`}>
        <form onSubmit={submit} aria-label="Delete stack data" className="space-y-3">
          <p>
            This stops every service of <strong>{stack.title}</strong>, removes its containers and{" "}
            <strong>deletes its volumes and networks</strong>: topics, tables and files stored in them are gone for
            good.
          </p>
          <Field label={`Type ${stack.name} to confirm`}>
            <Input
              required
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="Stack name to confirm"
            />
          </Field>
          {op.isError && <ErrorPanel error={op.error} title="Nothing was deleted" />}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={typed !== stack.name || op.isPending}>
              Delete data
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
