import { HydrationBoundary } from "@tanstack/react-query";
import { queryKeys } from "@/components/data/query-keys";
import { Overview } from "@/components/overview/overview";
import { HealthSnapshot } from "@/server/health/contract";
import { prefetch } from "@/server/http/prefetch";
import { StackList } from "@/server/stack/contract";
import { listStacks } from "@/server/stack";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  // Above the fold: the stack and the cluster tiles come with the HTML (the largest contentful paint).
  const state = await prefetch([
    { key: queryKeys.healthSnapshot, schema: HealthSnapshot, load: (rt) => rt.health.snapshot() },
    { key: queryKeys.stacks, schema: StackList, load: (rt) => listStacks(rt.engine, rt.db.prisma) },
  ]);
  return (
    <HydrationBoundary state={state}>
      <Overview />
    </HydrationBoundary>
  );
}
