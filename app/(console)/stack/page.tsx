import type { Metadata } from "next";
import { StackPage } from "@/components/stack/stack-page";

export const metadata: Metadata = { title: "Stack" };

export default function Page() {
  return <StackPage />;
}
