import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState, PageHeader } from "./states";

/** An honest page for a capability this version does not have yet. */
export function ComingSoon({ title, description, icon, what, children }: { title: string; description: string; icon: LucideIcon; what: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState icon={icon} title={`${what} is not available yet`}>
        {children}
      </EmptyState>
    </>
  );
}
