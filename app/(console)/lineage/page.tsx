import type { Metadata } from "next";
import { Suspense } from "react";
import { LineageExplorer } from "@/components/lineage/lineage-explorer";
import { Spinner } from "@/components/ui/states";

export const metadata: Metadata = { title: "Lineage" };

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <LineageExplorer />
    </Suspense>
  );
}
