import type { Metadata } from "next";
import { DatasetPage } from "@/components/lineage/dataset-page";

export const metadata: Metadata = { title: "Dataset" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <DatasetPage id={(await params).id} />;
}
