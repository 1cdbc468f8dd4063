import { z } from "zod";

/**
 * Bounds of values that end up in PostgreSQL or Kafka, so that an out-of-range value is a 400 naming the field
 * instead of a 500 from the driver. Imports only zod: contracts use it.
 */

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: Prisma writes no year 0, no negative year, none past 9999. */
export const MIN_TIME_MS = -62_135_596_800_000;
export const MAX_TIME_MS = 253_402_300_799_999;
export const TIME_RANGE_MESSAGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

/** The instant of an ISO 8601 date-time as this app reads it: without an offset, UTC. */
export function instantOf(t: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`);
}

/** An ISO 8601 date-time that a PostgreSQL timestamptz holds (an offset can move 9999-12-31 past it). */
export const storableDateTime = (opts: { local?: boolean } = {}) =>
  z.iso.datetime({ offset: true, local: opts.local ?? false }).refine((t) => {
    const ms = instantOf(t);
    return ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
  }, TIME_RANGE_MESSAGE);

/**
 * An ISO 8601 date-time for Kafka's record timestamps (milliseconds since 1970, as an int64): one before 1970 is
 * a negative ListOffsets timestamp, which brokers take as a special value or refuse.
 */
export const kafkaDateTime = () =>
  z.iso.datetime({ offset: true }).refine((t) => {
    const ms = instantOf(t);
    return ms >= 0 && ms <= MAX_TIME_MS;
  }, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z (Kafka timestamps)");

/** The largest Kafka offset (int64). */
export const MAX_KAFKA_OFFSET = 2n ** 63n - 1n;

/**
 * A Kafka offset as a decimal string (int64: kept as a string, past JavaScript's safe integers). Zod 4 runs the
 * refinement even when the format failed, so it checks the format again before BigInt (which throws on "x").
 */
export const kafkaOffset = () =>
  z
    .string()
    .regex(/^\d{1,19}$/, "a decimal offset")
    .refine((s) => !/^\d{1,19}$/.test(s) || BigInt(s) <= MAX_KAFKA_OFFSET, "at most 9223372036854775807 (int64)");

/**
 * A count (rows, records, bytes, files): past 2^53 - 1 a double no longer counts in ones, and at the top of its range
 * the driver's decimal rounding overflows PostgreSQL's double precision (a 500 before this bound).
 */
export const storableCount = () =>
  z.number().nonnegative().max(Number.MAX_SAFE_INTEGER, "must be at most 9007199254740991 (2^53 - 1)");
