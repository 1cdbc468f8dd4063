import type { Metadata } from "next";
import { JobPage } from "@/components/lineage/job-page";

export const metadata: Metadata = { title: "Job" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <JobPage id={(await params).id} />;
}
