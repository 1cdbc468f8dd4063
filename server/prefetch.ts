import "server-only";
import type { z } from "zod";
import type { Principal } from "./auth/index.ts";
import { HealthSnapshot } from "./health/contract.ts";
import type { Runtime } from "./runtime.ts";
import { StackList } from "./stack/contract.ts";
import { listStacks } from "./stack/index.ts";

/** Data a page may render on the server: the API answer's contract and how to load it (server/http/prefetch.ts). */
export type PrefetchLoad = { schema: z.ZodType; load: (rt: Runtime, principal: Principal) => Promise<unknown> };

/**
 * The loads pages use for their first data, by the API answer each stands for: the same use case and contract,
 * so the seeded cache holds what the client would have fetched. The session's comes from the HTTP layer (it needs
 * the request's cookies).
 */
export const prefetchLoads = {
  healthSnapshot: { schema: HealthSnapshot, load: (rt) => rt.health.snapshot() },
  stacks: { schema: StackList, load: (rt) => listStacks(rt.engine, rt.db.prisma) },
} satisfies Record<string, PrefetchLoad>;
