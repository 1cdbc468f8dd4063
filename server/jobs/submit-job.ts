import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { Principal } from "../auth/index.ts";
import { hasRole } from "../auth/index.ts";
import { ForbiddenError, ValidationError } from "../errors.ts";
import type { Job, SubmitJobBody } from "./contract.ts";
import { enqueueJob } from "./queue.ts";
import type { JobHandler } from "./types.ts";

/** Validates a user-submitted job against its handler and queues it. */
export async function submitJob(opts: {
  db: Db;
  handlers: readonly JobHandler[];
  body: SubmitJobBody;
  principal: Principal;
}): Promise<Job> {
  const handler = opts.handlers.find((h) => h.kind === opts.body.kind);
  if (!handler?.submitRole) {
    const kinds = opts.handlers.filter((h) => h.submitRole).map((h) => h.kind);
    throw new ValidationError(`unknown job kind ${opts.body.kind}`, [
      { path: "kind", message: `one of ${kinds.join(", ")}` },
    ]);
  }
  if (!hasRole(opts.principal.role, handler.submitRole))
    throw new ForbiddenError(`${handler.kind} needs the ${handler.submitRole} role`);
  const parsed = handler.payload.safeParse(opts.body.payload);
  if (!parsed.success) {
    throw new ValidationError(
      "invalid job payload",
      parsed.error.issues.map((i) => ({ path: ["payload", ...i.path].join("."), message: i.message })),
    );
  }
  const refused = handler.checkSubmission?.(parsed.data) ?? [];
  if (refused.length)
    throw new ValidationError(
      `job payload refused: ${refused.map((r) => `${r.path}: ${r.message}`).join("; ")}`,
      refused,
    );
  return enqueueJob(opts.db, {
    kind: handler.kind,
    payload: parsed.data as Record<string, unknown>,
    maxAttempts: opts.body.maxAttempts ?? handler.maxAttempts,
    createdBy: opts.principal.username,
  });
}
