import type { Metadata } from "next";
import { TopicBrowser } from "@/components/dlq/topic-browser";

export async function generateMetadata({ params }: { params: Promise<{ topic: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).topic) };
}

export default async function Page({ params }: { params: Promise<{ topic: string }> }) {
  const { topic } = await params;
  return <TopicBrowser topic={decodeURIComponent(topic)} />;
}
