"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/states";
import type { BlockingTarget } from "@/server/dlq/contract";
import { useCreateTargetTopic } from "./queries";

/**
 * The targets a dry run found the replay cannot write. A missing one can be created here, laid out like
 * the dead-letter topic being replayed or with the brokers' defaults; the caller runs the dry run again afterwards.
 */
export function BlockingTargets({
  blocking,
  sourceTopic,
  onCreated,
}: {
  blocking: BlockingTarget[];
  sourceTopic: string;
  onCreated: () => void;
}) {
  const create = useCreateTargetTopic();
  // An S3 source is no topic to copy a layout from: the brokers' defaults then.
  const [layout, setLayout] = useState<"like" | "default">(sourceTopic.startsWith("s3://") ? "default" : "like");
  const missing = blocking.some((b) => b.problem === "missing");
  const make = (topic: string) =>
    create.mutate(
      { topic, ...(layout === "like" ? { likeTopic: sourceTopic } : {}) },
      {
        onSuccess: (c) => {
          toast.success(`Created ${c.topic}: ${c.partitions} partition(s), replication factor ${c.replicationFactor}`);
          onCreated();
        },
      },
    );
  return (
    <section
      aria-label="Blocking targets"
      data-testid="blocking"
      className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40"
    >
      <p className="font-medium text-red-800 dark:text-red-200">
        The replay would fail: {blocking.length} target(s) cannot be written.
      </p>
      {missing && (
        <Field label="Layout of a new topic" className="mt-2">
          <Select value={layout} onChange={(e) => setLayout(e.target.value as "like" | "default")}>
            <option value="like">as the dead-letter topic</option>
            <option value="default">the cluster&apos;s defaults</option>
          </Select>
        </Field>
      )}
      <ul className="mt-2 space-y-2">
        {blocking.map((b) => (
          <li key={b.topic} className="flex flex-wrap items-center justify-between gap-2">
            <div className="min-w-0">
              <span className="break-all font-mono text-xs">{b.topic}</span>
              <span className="text-xs text-zinc-600 dark:text-zinc-400"> · {b.messages} message(s)</span>
              <div className="break-words text-xs text-red-700 dark:text-red-300">{b.reason}</div>
            </div>
            {b.problem === "missing" && (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => make(b.topic)}
                disabled={create.isPending}
                aria-label={`Create ${b.topic}`}
                title={`Create topic ${b.topic} (${layout === "like" ? `layout of ${sourceTopic}` : "cluster defaults"})`}
              >
                Create topic
              </Button>
            )}
          </li>
        ))}
      </ul>
      {create.isError && <ErrorPanel error={create.error} title="Could not create the topic" />}
    </section>
  );
}
