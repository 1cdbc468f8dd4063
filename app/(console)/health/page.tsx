import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Health" };

export default function Page() {
  return (
    <ComingSoon title="Health" description="Per-service probes and history for every cluster." icon={Activity} what="Health probing">
      Probes of Kafka, both Spark masters, the S3 store, the catalogs, ClickHouse and monitoring arrive with the health capability. This app's own health is at /api/readyz.
    </ComingSoon>
  );
}
