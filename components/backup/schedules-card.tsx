"use client";
import { CalendarClock, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { dateTime } from "@/components/ui/format";
import { QueryState } from "@/components/ui/states";
import type { BackupSchedule } from "@/server/backup/contract";
import { useCreateSchedule, useDeleteSchedule, useSchedules } from "./queries";
import { describeSource, EMPTY_SOURCE, KIND_LABEL, SourceFields, toSource } from "./source-fields";

function ScheduleForm() {
  const create = useCreateSchedule();
  const [name, setName] = useState("nightly");
  const [cron, setCron] = useState("0 3 * * *");
  const [draft, setDraft] = useState(EMPTY_SOURCE);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, cron, source: toSource(draft), enabled: true },
      { onSuccess: () => toast.success(`Schedule ${name} added`), onError: (err) => toast.error(err.message) },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add a schedule" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Name">
          <Input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Cron (UTC)" hint="minute hour day month weekday">
          <Input value={cron} onChange={(e) => setCron(e.target.value)} required className="font-mono" />
        </Field>
      </div>
      <SourceFields draft={draft} onChange={setDraft} />
      <Button type="submit" variant="secondary" disabled={create.isPending}>
        <CalendarClock className="size-4" aria-hidden /> Add schedule
      </Button>
    </form>
  );
}

function ScheduleRow({ s, canEdit, onDelete }: { s: BackupSchedule; canEdit: boolean; onDelete: () => void }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2">
      <div className="min-w-0">
        <div className="flex items-center gap-2 text-sm font-medium">
          {s.name} <code className="font-mono text-xs">{s.cron}</code>
          {!s.enabled && <Badge>disabled</Badge>}
        </div>
        <div className="break-all text-xs text-zinc-500">
          {KIND_LABEL[s.kind]} · {describeSource(s.source)} · next {dateTime(s.nextRunAt)} · last{" "}
          {dateTime(s.lastRunAt)}
        </div>
      </div>
      {canEdit && (
        <Button variant="ghost" size="sm" aria-label={`Delete schedule ${s.name}`} onClick={onDelete}>
          <Trash2 className="size-3.5" aria-hidden />
        </Button>
      )}
    </li>
  );
}

export function SchedulesCard({ canEdit }: { canEdit: boolean }) {
  const schedules = useSchedules();
  const remove = useDeleteSchedule();
  const [deleting, setDeleting] = useState<BackupSchedule | null>(null);
  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => toast.success(`Schedule ${deleting.name} deleted`),
      onError: (e) => toast.error(e.message),
      onSettled: () => setDeleting(null),
    });
  };
  return (
    <Card title="Schedules">
      <QueryState
        query={schedules}
        isEmpty={(d) => d.schedules.length === 0}
        empty={<p className="text-sm text-zinc-500">No schedules: backups run only on demand.</p>}
      >
        {(d) => (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Schedules">
            {d.schedules.map((s) => (
              <ScheduleRow key={s.id} s={s} canEdit={canEdit} onDelete={() => setDeleting(s)} />
            ))}
          </ul>
        )}
      </QueryState>
      {canEdit && (
        <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
          <ScheduleForm />
        </div>
      )}
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete schedule"
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={confirmDelete} disabled={remove.isPending}>
              Delete
            </Button>
          </>
        }
      >
        Delete the schedule <strong>{deleting?.name}</strong>? Backups it took stay.
      </Dialog>
    </Card>
  );
}
