import type { Metadata } from "next";
import { JobsPanel } from "@/components/settings/jobs-panel";

export const metadata: Metadata = { title: "Jobs" };

export default function Page() {
  return <JobsPanel />;
}
