import type { Metadata } from "next";
import { S3Browser } from "@/components/dlq/s3-browser";
import { S3_DLQ_PREFIX_RE } from "@/server/dlq/contract";

export const metadata: Metadata = { title: "S3 dead letters" };

export default async function Page({ searchParams }: { searchParams: Promise<{ prefix?: string | string[] }> }) {
  const raw = (await searchParams).prefix;
  const prefix = typeof raw === "string" && S3_DLQ_PREFIX_RE.test(raw) ? raw : null;
  if (!prefix)
    return (
      <p role="alert" className="text-sm">
        Not an S3 dead-letter prefix: use dlq/&lt;dlq_type&gt;/ or dlq/&lt;dlq_type&gt;/date=YYYY-MM-DD/ (see the DLQ
        page).
      </p>
    );
  return <S3Browser prefix={prefix} />;
}
