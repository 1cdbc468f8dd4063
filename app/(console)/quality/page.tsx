import type { Metadata } from "next";
import { QualityPage } from "@/components/lineage/quality-page";

export const metadata: Metadata = { title: "Data quality" };

export default function Page() {
  return <QualityPage />;
}
