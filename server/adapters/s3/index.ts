// An S3 server (MinIO, AWS, moto in the tests) through the AWS SDK v3. object-store.ts: list, server-side copy,
// delete and bucket checks for backups; s3-store.ts: list, read and write objects of the dead-letter bucket. Both bounded,
// failures mapped to our errors.
import "server-only";
export { createObjectStore, type ObjectStore, type ObjectStoreConfig, type StoredObject } from "./object-store.ts";
export { S3Store, mapS3Error, type S3Object, type S3StoreConfig } from "./s3-store.ts";
