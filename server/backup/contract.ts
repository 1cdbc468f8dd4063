// Backups and restores: requests and answers (client-safe: zod only). Layout and roles: docs/backup.md.
import { z } from "zod";

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, '_', '.', '-' (at most 63)");
/** S3's bucket naming rules (lower case, 3-63 characters). */
export const BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lower-case letters, digits, '.', '-'");
/** A key prefix: printable, no control characters, at most 512 characters; "" is the whole bucket. */
export const KeyPrefix = z
  .string()
  .max(512)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), "no control characters")
  .default("");

export const BackupKind = z.enum(["catalog-postgres", "s3", "control-plane"]);
export type BackupKind = z.infer<typeof BackupKind>;

export const BackupSource = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("catalog-postgres"),
      /** The Compose project and service of the catalog PostgreSQL (e.g. nexus / postgres). */
      stack: name,
      service: name,
      /** The database to dump; the container's POSTGRES_DB when absent. */
      database: name.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("s3"),
      bucket: BucketName,
      prefix: KeyPrefix,
      /** Where the mirror goes: another bucket (the seed's gold → gold-backup) and/or prefix. */
      targetBucket: BucketName,
      targetPrefix: KeyPrefix,
    })
    .strict()
    .refine((s) => s.bucket !== s.targetBucket || !overlaps(s.prefix, s.targetPrefix), {
      message: "the target must not overlap the source (same bucket: prefixes that do not contain each other)",
      path: ["targetPrefix"],
    }),
  z.object({ kind: z.literal("control-plane") }).strict(),
]);
export type BackupSource = z.infer<typeof BackupSource>;

function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

export const BackupStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type BackupStatus = z.infer<typeof BackupStatus>;

export const Backup = z.object({
  id: z.string(),
  kind: BackupKind,
  source: BackupSource,
  /** A file under NEXUS_BACKUP_DIR or s3://bucket/prefix. */
  location: z.string(),
  status: BackupStatus,
  sizeBytes: z.number(),
  objectCount: z.number().int(),
  error: z.string().nullable(),
  jobId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  restoreJobId: z.string().nullable(),
  restoredAt: z.iso.datetime().nullable(),
});
export type Backup = z.infer<typeof Backup>;

export const BackupListQuery = z.object({
  kind: BackupKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BackupListQuery = z.infer<typeof BackupListQuery>;
export const BackupList = z.object({ backups: z.array(Backup) });
export type BackupList = z.infer<typeof BackupList>;

export const CreateBackupBody = z.object({ source: BackupSource }).strict();
export type CreateBackupBody = z.infer<typeof CreateBackupBody>;

export const RestoreBody = z
  .object({
    /** true: only the summary of what would be overwritten; nothing changes. */
    dryRun: z.boolean().default(true),
    /** Must equal the plan's `confirmWith` (the target's name) when dryRun is false. */
    confirm: z.string().max(200).optional(),
  })
  .strict();
export type RestoreBody = z.infer<typeof RestoreBody>;

export const RestoreItem = z.object({
  /** A table (schema.name) or an object key. */
  name: z.string(),
  action: z.enum(["overwrite", "create", "unchanged", "untouched"]),
  /** Size in the backup (objects, dump entries) or now (tables), when known. */
  sizeBytes: z.number().nullable(),
  /** Rows now in the target and in the backup (tables), when known. */
  rowsNow: z.number().nullable(),
  rowsInBackup: z.number().nullable(),
});
export type RestoreItem = z.infer<typeof RestoreItem>;

export const RestorePlan = z.object({
  backupId: z.string(),
  kind: BackupKind,
  /** What the restore writes to, in words. */
  target: z.string(),
  /** Type this to confirm the restore. */
  confirmWith: z.string(),
  items: z.array(RestoreItem),
  /** More items than listed (the first 500 are). */
  truncated: z.boolean(),
  totals: z.object({ overwrite: z.number(), create: z.number(), unchanged: z.number(), bytes: z.number() }),
  notes: z.array(z.string()),
});
export type RestorePlan = z.infer<typeof RestorePlan>;

export const RestoreResult = z.object({ plan: RestorePlan, jobId: z.string().nullable() });
export type RestoreResult = z.infer<typeof RestoreResult>;

export const BackupSchedule = z.object({
  id: z.string(),
  name: z.string(),
  kind: BackupKind,
  source: BackupSource,
  cron: z.string(),
  enabled: z.boolean(),
  lastRunAt: z.iso.datetime().nullable(),
  nextRunAt: z.iso.datetime().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;
export const BackupScheduleList = z.object({ schedules: z.array(BackupSchedule) });
export type BackupScheduleList = z.infer<typeof BackupScheduleList>;

export const CreateScheduleBody = z
  .object({
    name,
    /** Five or six fields (croner syntax, UTC): "0 3 * * *" is every day at 03:00. */
    cron: z.string().min(9).max(100),
    source: BackupSource,
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateScheduleBody = z.infer<typeof CreateScheduleBody>;
