"use client";
import { History, Inbox, TrendingUp } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { relativeTime } from "@/components/ui/format";
import type { TopicSummary } from "@/server/dlq/contract";
import { useDlqTopics } from "./queries";
import { S3Sources } from "./s3-sources";

function ErrorBars({ t }: { t: TopicSummary }) {
  const max = Math.max(1, ...t.topErrors.map((e) => e.count));
  if (!t.topErrors.length) return <p className="text-xs text-zinc-500">No messages.</p>;
  return (
    <ul className="space-y-1.5" aria-label={`Top errors in ${t.topic}`}>
      {t.topErrors.map((e) => (
        <li key={e.errorClass} className="text-xs">
          <div className="flex justify-between gap-2">
            <span className="truncate font-mono" title={e.errorClass}>
              {e.errorClass.split(".").at(-1)}
            </span>
            <span className="tabular-nums text-zinc-500">{e.count}</span>
          </div>
          <div className="mt-0.5 h-1.5 rounded bg-zinc-100 dark:bg-zinc-800">
            <div className="h-1.5 rounded bg-rose-500/80" style={{ width: `${(e.count / max) * 100}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function DlqTopicsPage() {
  const topics = useDlqTopics();
  const total = topics.data?.topics.reduce((n, t) => n + t.messages, 0) ?? 0;
  const growth = topics.data?.topics.reduce((n, t) => n + t.growthLastHour, 0) ?? 0;
  return (
    <>
      <PageHeader
        title="Dead-letter queues"
        description={
          <>
            Failed records, why they failed, and replay back to their topics.{" "}
            {topics.data && (
              <span className="text-zinc-500">
                Brokers {topics.data.brokers.join(", ")} · pattern{" "}
                <code className="font-mono text-xs">{topics.data.pattern}</code>
              </span>
            )}
          </>
        }
        actions={
          <Link
            href="/dlq/replays"
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <History className="size-4" aria-hidden /> Replay history
          </Link>
        }
      />
      <QueryState
        query={topics}
        pendingLabel="Reading topics from Kafka…"
        errorTitle="Kafka did not answer"
        isEmpty={(d) => d.topics.length === 0}
        empty={(d) => (
          <EmptyState icon={Inbox} title="No dead-letter topics">
            None of the seed&apos;s DLQ topics exists on {d.brokers.join(", ")}, and no topic matches the pattern. Start
            the stack: its post-start hook creates them.
          </EmptyState>
        )}
      >
        {(d) => (
          <>
            <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-3">
              <Stat label="Messages in DLQs" value={total.toLocaleString()} />
              <Stat
                label="New in the last hour"
                value={
                  <span className="inline-flex items-center gap-1">
                    {growth.toLocaleString()}{" "}
                    {growth > 0 && <TrendingUp className="size-4 text-rose-500" aria-label="growing" />}
                  </span>
                }
              />
              <Stat label="Topics" value={d.topics.length} />
            </div>
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
              {d.topics.map((t) => (
                <Card
                  key={t.topic}
                  title={
                    <Link
                      href={`/dlq/topics/${encodeURIComponent(t.topic)}`}
                      className="font-mono text-sm hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
                    >
                      {t.topic}
                    </Link>
                  }
                  action={t.seed ? <Badge tone="violet">seed</Badge> : null}
                >
                  <dl className="mb-3 grid grid-cols-3 gap-2 text-xs">
                    <div>
                      <dt className="text-zinc-500">Messages</dt>
                      <dd className="text-lg font-semibold tabular-nums">{t.messages.toLocaleString()}</dd>
                    </div>
                    <div>
                      <dt className="text-zinc-500">Last hour</dt>
                      <dd
                        className={`text-lg font-semibold tabular-nums ${t.growthLastHour > 0 ? "text-rose-600 dark:text-rose-400" : ""}`}
                      >
                        +{t.growthLastHour.toLocaleString()}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-zinc-500">Partitions</dt>
                      <dd className="text-lg font-semibold tabular-nums">{t.partitions.length}</dd>
                    </div>
                    <div className="col-span-3 text-zinc-500">
                      Oldest {relativeTime(t.oldest)} · newest {relativeTime(t.newest)}
                    </div>
                  </dl>
                  <ErrorBars t={t} />
                  {t.sampled > 0 && t.sampled < t.messages && (
                    <p className="mt-2 text-[11px] text-zinc-500">
                      Top errors of the newest {t.sampled.toLocaleString()} messages.
                    </p>
                  )}
                </Card>
              ))}
            </div>
          </>
        )}
      </QueryState>
      <S3Sources />
    </>
  );
}
