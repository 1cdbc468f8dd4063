// Backups and restores of the catalog PostgreSQL, S3 buckets and the control plane's own database (docs/backup.md).
import "server-only";
export { createBackupJob, createRestoreJob } from "./backup-jobs.ts";
export { submitBackup, submitRestore } from "./backups.ts";
export type { BackupDeps } from "./deps.ts";
export { createSchedule, createScheduleJob, deleteSchedule, listSchedules, wakeSchedulerBy } from "./schedules.ts";
export { getBackup, listBackups } from "./store.ts";
