"use client";
import { Lock } from "lucide-react";
import type { ReactNode } from "react";
import { hasRole } from "@/server/auth/contract";
import type { Role } from "@/server/auth/contract";
import { EmptyState } from "@/components/ui/states";
import { useSession } from "./queries";

/** Renders children for `role` and up; others see why not. The API enforces the same rule. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const session = useSession();
  if (!session.data) return null;
  if (!hasRole(session.data.user.role, role)) {
    return (
      <EmptyState icon={Lock} title={`This needs the ${role} role`}>
        You are signed in as {session.data.user.username} with the {session.data.user.role} role. Ask an admin if you
        need more.
      </EmptyState>
    );
  }
  return <>{children}</>;
}
