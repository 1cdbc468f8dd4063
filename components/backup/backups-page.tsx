"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { DatabaseBackup, RotateCcw } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import { useJobs } from "@/components/jobs/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { relativeTime } from "@/components/ui/format";
import { PageHeader, QueryState } from "@/components/ui/states";
import { hasRole } from "@/server/auth/contract";
import type { Backup, BackupStatus } from "@/server/backup/contract";
import type { Job } from "@/server/jobs/contract";
import { JobProgressBar } from "@/components/jobs/job-progress";
import { useBackups, useCreateBackup } from "./queries";
import { RestoreDialog } from "./restore-dialog";
import { SchedulesCard } from "./schedules-card";
import { describeSource, EMPTY_SOURCE, formatSize, KIND_LABEL, SourceFields, toSource } from "./source-fields";

const STATUS_TONE: Record<BackupStatus, Tone> = {
  queued: "neutral",
  running: "blue",
  succeeded: "green",
  failed: "red",
  cancelled: "amber",
};

function BackupNowCard() {
  const create = useCreateBackup();
  const [draft, setDraft] = useState(EMPTY_SOURCE);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(toSource(draft), {
      onSuccess: () => toast.success("Backup queued"),
      onError: (err) => toast.error(err.message),
    });
  };
  return (
    <Card title="Back up now">
      <form onSubmit={submit} aria-label="Back up now" className="space-y-3">
        <SourceFields draft={draft} onChange={setDraft} />
        <Button type="submit" disabled={create.isPending}>
          <DatabaseBackup className="size-4" aria-hidden /> Back up now
        </Button>
      </form>
    </Card>
  );
}

function StatusCell({ b, job }: { b: Backup; job: Job | undefined }) {
  return (
    <div className="space-y-1">
      <Badge tone={STATUS_TONE[b.status]}>{b.status}</Badge>
      {job && (b.status === "running" || b.status === "queued") && <JobProgressBar job={job} />}
      {b.error && b.status !== "succeeded" && (
        <p className="max-w-64 text-xs text-red-700 dark:text-red-400">{b.error}</p>
      )}
    </div>
  );
}

const mono = (text: string, width: string) => (
  <span className={`block ${width} break-all font-mono text-xs`}>{text}</span>
);

function backupColumns(
  jobs: Map<string, Job>,
  isAdmin: boolean,
  onRestore: (b: Backup) => void,
): ColumnDef<Backup, unknown>[] {
  return [
    { accessorKey: "kind", header: "Kind", cell: (c) => KIND_LABEL[c.row.original.kind] },
    {
      id: "source",
      header: "Source",
      enableSorting: false,
      cell: (c) => mono(describeSource(c.row.original.source), "min-w-40"),
    },
    {
      accessorKey: "status",
      header: "Status",
      cell: (c) => <StatusCell b={c.row.original} job={jobs.get(c.row.original.jobId ?? "")} />,
    },
    {
      accessorKey: "sizeBytes",
      header: "Size",
      cell: (c) => <span className="whitespace-nowrap">{formatSize(c.row.original.sizeBytes)}</span>,
    },
    { accessorKey: "objectCount", header: "Objects / rows" },
    {
      accessorKey: "createdAt",
      header: "Taken",
      cell: (c) => (
        <span className="whitespace-nowrap" title={c.row.original.createdAt}>
          {relativeTime(c.row.original.createdAt)}
        </span>
      ),
    },
    {
      id: "location",
      header: "Stored at",
      enableSorting: false,
      cell: (c) => mono(c.row.original.location, "min-w-56"),
    },
    {
      id: "actions",
      header: "",
      enableSorting: false,
      cell: (c) =>
        isAdmin &&
        c.row.original.status === "succeeded" && (
          <Button
            variant="secondary"
            size="sm"
            aria-label={`Restore backup ${c.row.original.id}`}
            onClick={() => onRestore(c.row.original)}
          >
            <RotateCcw className="size-3.5" aria-hidden /> Restore
          </Button>
        ),
    },
  ];
}

function useColumns(isAdmin: boolean, onRestore: (b: Backup) => void) {
  const jobs = useJobs();
  return useMemo(() => {
    const byId = new Map((jobs.data?.jobs ?? []).map((j) => [j.id, j]));
    return backupColumns(byId, isAdmin, onRestore);
  }, [jobs.data, isAdmin, onRestore]);
}

export function BackupsPage() {
  const backups = useBackups();
  const role = useSession().data?.user.role ?? "viewer";
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const columns = useColumns(role === "admin", setRestoring);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Backups"
        description="The catalog PostgreSQL, S3 buckets and this control plane's database: on demand or on a schedule. Restores show a dry run first."
      />
      {hasRole(role, "operator") && <BackupNowCard />}
      <Card title="Backups">
        <QueryState query={backups}>
          {(d) => <DataTable label="Backups" data={d.backups} columns={columns} empty="No backups yet." />}
        </QueryState>
      </Card>
      <SchedulesCard canEdit={hasRole(role, "operator")} />
      {restoring && <RestoreDialog backup={restoring} onClose={() => setRestoring(null)} />}
    </div>
  );
}
