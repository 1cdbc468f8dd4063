import type { Metadata } from "next";
import { ApiDocs } from "@/components/settings/api-docs";

export const metadata: Metadata = { title: "API docs" };

export default function Page() {
  return <ApiDocs />;
}
