"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import type { StackSummary } from "@/server/stack/contract";
import { useSwarmServiceOp } from "./queries";

type ServiceSummary = StackSummary["services"][number];

/** `KEY=value` lines into variables; the first line that is not one is returned as the error. */
export function parseEnvLines(text: string): { env: Record<string, string>; error: string | null } {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return { env, error: `line ${i + 1} is not KEY=value` };
    env[m[1]!] = m[2]!;
  }
  return { env, error: null };
}

/**
 * Scale or roll out one service of a swarm stack, after saying what will happen; the job's progress (task by task) shows
 * in the page's job banner.
 */
export function SwarmServiceDialog({
  stack,
  service,
  mode,
  onClose,
  onJob,
}: {
  stack: StackSummary;
  service: ServiceSummary;
  mode: "scale" | "update";
  onClose: () => void;
  onJob: (id: string) => void;
}) {
  const op = useSwarmServiceOp();
  const desired = service.replicas?.desired ?? 1;
  const [replicas, setReplicas] = useState(String(desired));
  const [image, setImage] = useState("");
  const [envText, setEnvText] = useState("");
  const parsed = parseEnvLines(envText);
  const n = Number(replicas);
  const invalid = mode === "scale" ? !Number.isInteger(n) || n < 0 || n > 100 : parsed.error !== null;
  const submit = () =>
    op.mutate(
      mode === "scale"
        ? { op: "scale", name: stack.name, service: service.service, replicas: n }
        : {
            op: "update",
            name: stack.name,
            service: service.service,
            image: image.trim() || undefined,
            env: Object.keys(parsed.env).length ? parsed.env : undefined,
          },
      {
        onSuccess: (r) => {
          onJob(r.job.id);
          toast.success(
            mode === "scale" ? `Scaling ${service.service} to ${n}` : `Rolling update of ${service.service}`,
          );
          onClose();
        },
        onError: (e) => toast.error(e.message),
      },
    );
  const current = service.tasks?.[0]?.image ?? "";
  return (
    <Dialog
      open
      onClose={onClose}
      title={mode === "scale" ? `Scale ${service.service}?` : `Rolling update of ${service.service}?`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={invalid || op.isPending}>
            {mode === "scale" ? `Scale to ${Number.isInteger(n) ? n : "…"}` : "Roll out"}
          </Button>
        </>
      }
    >
      {mode === "scale" ? (
        <div className="space-y-3">
          <Field
            label="Replicas"
            hint={`Now ${service.replicas?.running ?? 0} running of ${desired}. With host networking, two replicas of a service on a fixed port clash on one node: add nodes or use 0 and 1 here.`}
          >
            <Input type="number" min={0} max={100} value={replicas} onChange={(e) => setReplicas(e.target.value)} />
          </Field>
          {n === 0 && (
            <p className="text-sm text-amber-700 dark:text-amber-400">0 stops every task of {service.service}.</p>
          )}
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-sm">
            Replaces the tasks of <strong>{service.service}</strong> one by one as its <code>update_config</code> says
            (a failed task pauses or rolls back the update). Leave both empty to restart every task with the same spec.
          </p>
          <Field label="Image" hint={current ? `now ${current}` : undefined}>
            <Input value={image} onChange={(e) => setImage(e.target.value)} placeholder={current || "image:tag"} />
          </Field>
          <Field label="Environment to set" hint={parsed.error ?? "one KEY=value per line"}>
            <textarea
              value={envText}
              onChange={(e) => setEnvText(e.target.value)}
              rows={3}
              aria-invalid={parsed.error !== null}
              className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            />
          </Field>
        </div>
      )}
    </Dialog>
  );
}
