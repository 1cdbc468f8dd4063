import { Workflow } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Lineage" };

export default function Page() {
  return (
    <ComingSoon title="Lineage" description="Where each dataset comes from and where it goes." icon={Workflow} what="Lineage">
      OpenLineage ingest at POST /api/v1/lineage and the lineage graph arrive with the lineage capability. No lineage events have been received.
    </ComingSoon>
  );
}
