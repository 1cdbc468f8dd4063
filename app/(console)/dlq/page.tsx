import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Dead-letter queues" };

export default function Page() {
  return (
    <ComingSoon title="Dead-letter queues" description="Find failed records, see why they failed, and replay them." icon={Inbox} what="DLQ inspection">
      Browsing the DLQ topics (dlq_schema_validation_errors, dlq_processing_errors, dlq_failed_messages), grouping by error and exactly-once replay arrive with the Kafka connection. No broker is configured yet.
    </ComingSoon>
  );
}
