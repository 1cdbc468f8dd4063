import type { Metadata } from "next";
import { DlqTopicsPage } from "@/components/dlq/dlq-topics-page";

export const metadata: Metadata = { title: "Dead-letter queues" };

export default function Page() {
  return <DlqTopicsPage />;
}
