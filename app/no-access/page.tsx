import { ShieldX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { getConfig } from "@/server/config";

export const metadata: Metadata = { title: "No access" };

/** Where a provider's user lands when none of their groups maps to a role (NEXUS_OIDC_ROLE_MAP). */
export default function NoAccessPage() {
  const provider = getConfig().oidc?.name ?? "your identity provider";
  return (
    <AuthCard subtitle="Single sign-on">
      <div className="space-y-4 text-sm">
        <div className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100">
          <ShieldX className="mt-0.5 size-5 shrink-0" aria-hidden />
          <div>
            <h2 className="font-semibold">You have no access to Nexus</h2>
            <p className="mt-1">
              You signed in at {provider}, but none of your groups is given a Nexus role, so you were not signed in
              here.
            </p>
          </div>
        </div>
        <p className="text-zinc-600 dark:text-zinc-400">
          Ask an administrator to add you to a group that has access to Nexus. Once you are in one, sign in again.
        </p>
        <Link
          href="/login"
          className="inline-flex h-9 w-full items-center justify-center rounded-md border border-zinc-300 bg-white px-3.5 font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
        >
          Back to sign-in
        </Link>
      </div>
    </AuthCard>
  );
}
