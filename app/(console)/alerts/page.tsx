import { Bell } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Alerts" };

export default function Page() {
  return (
    <ComingSoon title="Alerts" description="Alert rules, firing and resolved alerts." icon={Bell} what="Alerting">
      The seed's rules (quality score under 80, consumer lag, DLQ growth, service down) and Prometheus' active alerts arrive with the alerts capability. No rule is evaluated yet.
    </ComingSoon>
  );
}
