import { Boxes } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Stack" };

export default function Page() {
  return (
    <ComingSoon title="Stack" description="Start and stop the Nexus Data Platform, or one service at a time." icon={Boxes} what="Stack control">
      Compose templates (production, lite, local) and one-click start and stop over the Docker socket arrive with the stack engine. Nothing is running under this app's control yet.
    </ComingSoon>
  );
}
