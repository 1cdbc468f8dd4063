import "server-only";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { PermanentJobError } from "../jobs/index.ts";

/** A template with problems or missing images will not get better by retrying: fail the job at once. */
export async function permanentOnBadInput<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ValidationError || e instanceof NotFoundError || e instanceof ConflictError)
      throw new PermanentJobError(e.message);
    throw e;
  }
}
