import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { headers } from "next/headers";
import type { Principal } from "../auth/index.ts";
import type { PrefetchLoad } from "../prefetch.ts";
import { getRuntime, type Runtime } from "../runtime.ts";
import { authenticateRequest } from "./authenticate.ts";

/** Data a page renders on the server: the client query it seeds (same key, same contract) and how to load it. */
export type Prefetch = { key: readonly unknown[] } & PrefetchLoad;

/**
 * Loads a page's first data on the server so that its HTML already shows it (the overview paints its tiles
 * with the first response, not after hydration and a round of API calls). Each value goes through JSON and
 * the response contract, exactly as the browser would see it from the API; anything that fails is left to
 * the client to fetch. Nothing is loaded for a visitor without a valid session.
 */
export async function prefetch(items: Prefetch[]): Promise<DehydratedState | null> {
  let rt: Runtime;
  let principal: Principal | null;
  try {
    rt = await getRuntime();
    const h = await headers();
    principal = await authenticateRequest(rt, h);
  } catch {
    return null;
  }
  if (!principal) return null;
  const qc = new QueryClient();
  await Promise.all(
    items.map(async (i) => {
      try {
        const parsed = i.schema.safeParse(JSON.parse(JSON.stringify(await i.load(rt, principal))));
        if (parsed.success) qc.setQueryData(i.key, parsed.data);
      } catch {
        // the client fetches it and shows its own error state
      }
    }),
  );
  return dehydrate(qc);
}
