// An S3 server (MinIO, AWS, moto in the tests) through the AWS SDK v3: list, copy, delete, bounded and typed errors.
import "server-only";
export { createObjectStore, type ObjectStore, type ObjectStoreConfig, type StoredObject } from "./object-store.ts";
