"use client";
import { Database } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { relativeTime } from "@/components/ui/format";
import { EmptyState, QueryState } from "@/components/ui/states";
import { formatBytes } from "./payload-view";
import { ProblemError } from "@/components/data/api-fetch";
import { useS3Prefixes } from "./queries";

const browseHref = (prefix: string) => `/dlq/s3?prefix=${encodeURIComponent(prefix)}`;
const linkClass = "font-mono hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500";

/** The S3 dead letters beside the Kafka topics: a card per dlq type, its dates with object counts and sizes. */
export function S3Sources() {
  const q = useS3Prefixes();
  const notConfigured = q.error instanceof ProblemError && /NEXUS_S3_DLQ_BUCKET/.test(q.error.message);
  return (
    <section aria-label="S3 dead letters" className="mt-8">
      <h2 className="mb-1 text-base font-semibold">S3 dead letters</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Batch jobs&apos; dead letters:{" "}
        <code className="font-mono text-xs">
          s3://{q.data?.bucket ?? "<bucket>"}/dlq/&lt;dlq_type&gt;/date=YYYY-MM-DD/*.jsonl[.gz]
        </code>
      </p>
      {notConfigured ? (
        <EmptyState icon={Database} title="No S3 bucket configured">
          Set NEXUS_S3_DLQ_BUCKET (and NEXUS_S3_ENDPOINT for MinIO) to browse the batch jobs&apos; dead letters here.
        </EmptyState>
      ) : (
        <QueryState
          query={q}
          pendingLabel="Listing the bucket…"
          errorTitle="S3 did not answer"
          isEmpty={(d) => d.types.length === 0}
          empty={(d) => (
            <EmptyState icon={Database} title="No S3 dead letters">
              Nothing under s3://{d.bucket}/dlq/ yet.
            </EmptyState>
          )}
        >
          {(d) => (
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
              {d.types.map((t) => (
                <Card
                  key={t.dlqType}
                  title={
                    <Link href={browseHref(t.prefix)} className={`${linkClass} text-sm`}>
                      {t.prefix}
                    </Link>
                  }
                >
                  <p className="mb-2 text-xs text-zinc-500">
                    {t.objects.toLocaleString()} object(s) · {formatBytes(t.bytes)} · newest {relativeTime(t.newest)}
                  </p>
                  <ul className="space-y-1 text-xs" aria-label={`Dates of ${t.dlqType}`}>
                    {t.dates.slice(0, 7).map((x) => (
                      <li key={x.date} className="flex justify-between gap-2">
                        <Link href={browseHref(x.prefix)} className={linkClass}>
                          {x.date}
                        </Link>
                        <span className="tabular-nums text-zinc-500">
                          {x.objects} · {formatBytes(x.bytes)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </Card>
              ))}
            </div>
          )}
        </QueryState>
      )}
    </section>
  );
}
