// S3 (AWS, MinIO, moto): list, read and write objects of one bucket, failures mapped to our errors.
import "server-only";
export { S3Store, mapS3Error, type S3Object, type S3StoreConfig } from "./s3-store.ts";
