import { HydrationBoundary } from "@tanstack/react-query";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { queryKeys } from "@/components/data/query-keys";
import { AppShell } from "@/components/layout/app-shell";
import { SessionInfo } from "@/server/auth/contract";
import { cookiePolicyOf } from "@/server/http/cookie-policy";
import { prefetch } from "@/server/http/prefetch";
import { sessionInfo } from "@/server/http/session-info";

export const dynamic = "force-dynamic";

/** The session is read on the server, so the shell and the page render in the first HTML, not after a round trip. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const h = await headers();
  const state = await prefetch([
    {
      key: queryKeys.session,
      schema: SessionInfo,
      load: (rt, p) => sessionInfo(rt.db.prisma, p, h, cookiePolicyOf(rt, h).names.csrf),
    },
  ]);
  return (
    <HydrationBoundary state={state}>
      <AppShell>{children}</AppShell>
    </HydrationBoundary>
  );
}
