import "server-only";
import type { DbHandle } from "../adapters/db/index.ts";
import type { ContainerEngine, ContainerExec } from "../adapters/docker/index.ts";
import type { ObjectStore } from "../adapters/s3/index.ts";

/** What backups and restores work with, built once by the runtime. */
export type BackupDeps = {
  db: DbHandle;
  store: ObjectStore;
  engine: ContainerEngine;
  exec: ContainerExec;
  /** NEXUS_BACKUP_DIR: the files of database backups. */
  backupDir: string;
};
