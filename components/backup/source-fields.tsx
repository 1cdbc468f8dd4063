"use client";
import { Field, Input, Select } from "@/components/ui/field";
import type { BackupKind, BackupSource } from "@/server/backup/contract";

export type SourceDraft = {
  kind: BackupKind;
  stack: string;
  service: string;
  database: string;
  bucket: string;
  prefix: string;
  targetBucket: string;
  targetPrefix: string;
};

/** The seed's names: the catalog database of the nexus stack, and gold mirrored to gold-backup. */
export const EMPTY_SOURCE: SourceDraft = {
  kind: "control-plane",
  stack: "nexus",
  service: "postgres",
  database: "",
  bucket: "gold",
  prefix: "",
  targetBucket: "gold-backup",
  targetPrefix: "",
};

export const KIND_LABEL: Record<BackupKind, string> = {
  "control-plane": "Control plane database",
  s3: "S3 bucket",
  "catalog-postgres": "Catalog PostgreSQL",
};

export function toSource(d: SourceDraft): BackupSource {
  if (d.kind === "s3")
    return {
      kind: "s3",
      bucket: d.bucket,
      prefix: d.prefix,
      targetBucket: d.targetBucket,
      targetPrefix: d.targetPrefix,
    };
  if (d.kind === "catalog-postgres")
    return { kind: "catalog-postgres", stack: d.stack, service: d.service, database: d.database || undefined };
  return { kind: "control-plane" };
}

/** What a backup is of, in a few words. */
export function describeSource(s: BackupSource): string {
  if (s.kind === "s3") return `s3://${s.bucket}/${s.prefix} → s3://${s.targetBucket}/${s.targetPrefix}`;
  if (s.kind === "catalog-postgres") return `${s.stack}/${s.service}${s.database ? ` · ${s.database}` : ""}`;
  return "this control plane";
}

export function SourceFields({ draft, onChange }: { draft: SourceDraft; onChange: (d: SourceDraft) => void }) {
  const set = (k: keyof SourceDraft) => (e: { target: { value: string } }) =>
    onChange({ ...draft, [k]: e.target.value });
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Field label="What">
        <Select value={draft.kind} onChange={set("kind")}>
          {(Object.keys(KIND_LABEL) as BackupKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </Select>
      </Field>
      {draft.kind === "s3" && (
        <>
          <Field label="Bucket">
            <Input value={draft.bucket} onChange={set("bucket")} required />
          </Field>
          <Field label="Prefix" hint="empty: the whole bucket">
            <Input value={draft.prefix} onChange={set("prefix")} />
          </Field>
          <Field label="Backup bucket">
            <Input value={draft.targetBucket} onChange={set("targetBucket")} required />
          </Field>
          <Field label="Backup prefix" className="sm:col-start-2 lg:col-start-4">
            <Input value={draft.targetPrefix} onChange={set("targetPrefix")} />
          </Field>
        </>
      )}
      {draft.kind === "catalog-postgres" && (
        <>
          <Field label="Stack">
            <Input value={draft.stack} onChange={set("stack")} required />
          </Field>
          <Field label="Service">
            <Input value={draft.service} onChange={set("service")} required />
          </Field>
          <Field label="Database" hint="empty: the container's POSTGRES_DB">
            <Input value={draft.database} onChange={set("database")} />
          </Field>
        </>
      )}
    </div>
  );
}

export function formatSize(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
