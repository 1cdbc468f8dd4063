import type { Metadata } from "next";
import { Suspense } from "react";
import { HealthPage } from "@/components/health/health-page";
import { Spinner } from "@/components/ui/states";

export const metadata: Metadata = { title: "Health" };

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <HealthPage />
    </Suspense>
  );
}
