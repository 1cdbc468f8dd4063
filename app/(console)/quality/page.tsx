import { Gauge } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Data quality" };

export default function Page() {
  return (
    <ComingSoon title="Data quality" description="Quality scores by layer and dataset, and a CI quality gate." icon={Gauge} what="Quality scoring">
      Quality results (scores, failed checks, Great Expectations validations) and the bronze-silver-gold overview arrive with the quality capability. No results have been recorded.
    </ComingSoon>
  );
}
