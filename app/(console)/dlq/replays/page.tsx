import type { Metadata } from "next";
import { Suspense } from "react";
import { ReplaysPage } from "@/components/dlq/replays-page";
import { Spinner } from "@/components/ui/states";

export const metadata: Metadata = { title: "Replay history" };

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <ReplaysPage />
    </Suspense>
  );
}
