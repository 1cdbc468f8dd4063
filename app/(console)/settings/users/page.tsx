import type { Metadata } from "next";
import { UsersPanel } from "@/components/settings/users-panel";

export const metadata: Metadata = { title: "Users" };

export default function Page() {
  return <UsersPanel />;
}
