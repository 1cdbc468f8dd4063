import type { Metadata } from "next";
import { Suspense } from "react";
import { StackPage } from "@/components/stack/stack-page";
import { Spinner } from "@/components/ui/states";

export const metadata: Metadata = { title: "Stack" };

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <StackPage />
    </Suspense>
  );
}
