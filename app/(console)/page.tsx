import { HydrationBoundary } from "@tanstack/react-query";
import { queryKeys } from "@/components/data/query-keys";
import { Overview } from "@/components/overview/overview";
import { prefetch } from "@/server/http/prefetch";
import { prefetchLoads } from "@/server/prefetch";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  // Above the fold: the stack and the cluster tiles come with the HTML (the largest contentful paint).
  const state = await prefetch([
    { key: queryKeys.healthSnapshot, ...prefetchLoads.healthSnapshot },
    { key: queryKeys.stacks, ...prefetchLoads.stacks },
  ]);
  return (
    <HydrationBoundary state={state}>
      <Overview />
    </HydrationBoundary>
  );
}
