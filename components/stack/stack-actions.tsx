"use client";
import { Play, Square } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { describeCauses, describeCounts, hasRunning, isStackUp, type StackSummary } from "@/server/stack/contract";
import { useStackOperation } from "./queries";

type Busy = { kind: string; state: string } | null;

/** Why an operation on the stack runs now, or null: one at a time per stack (the API answers 409 otherwise). */
function busyReason(stack: StackSummary, pending: boolean, busy: Busy): string | null {
  const op = busy ?? stack.activeOperation;
  if (op) return `${op.kind} is ${op.state} on ${stack.name}: wait for it to finish`;
  return pending ? `an operation on ${stack.name} is in progress` : null;
}

/** Why Start would fail or do nothing, or null when it may be pressed. */
export function startBlockedReason(stack: StackSummary, pending: boolean, busy: Busy = null): string | null {
  if (stack.causes.length) return `${stack.name} has ${describeCauses(stack.causes)}: fix them first (see the list)`;
  if (stack.engine === "unavailable") return "the Docker engine is unavailable";
  return (
    busyReason(stack, pending, busy) ??
    (isStackUp(stack.counts) ? `every service is up (${describeCounts(stack.counts)})` : null)
  );
}

/** Why Stop would do nothing, or null when it may be pressed. */
export function stopBlockedReason(stack: StackSummary, pending: boolean, busy: Busy = null): string | null {
  if (stack.engine === "unavailable") return "the Docker engine is unavailable";
  return (
    busyReason(stack, pending, busy) ??
    (hasRunning(stack.counts) ? null : `nothing runs: no service of ${stack.name} is running`)
  );
}

/**
 * Start and Stop of a whole stack, the same on the overview and the Stack page. Each is disabled, with the reason as its
 * tooltip, while an operation on the stack runs or where it would do nothing; Stop asks first.
 */
export function StackActions({
  stack,
  busy = null,
  onJob,
}: {
  stack: StackSummary;
  busy?: Busy;
  onJob?: (id: string) => void;
}) {
  const op = useStackOperation();
  const [confirming, setConfirming] = useState(false);
  const [driver, setDriver] = useState<"compose" | "swarm">("compose");
  const act = (o: "up" | "down") =>
    op.mutate(
      { name: stack.name, op: o, driver: stack.driver ?? driver },
      {
        onSuccess: (r) => {
          onJob?.(r.job.id);
          toast.success(`${o === "up" ? "Starting" : "Stopping"} ${stack.title}`);
        },
        onError: (e) => toast.error(e.message),
      },
    );
  const startWhy = startBlockedReason(stack, op.isPending, busy);
  const stopWhy = stopBlockedReason(stack, op.isPending, busy);
  const { running, starting, unhealthy } = stack.counts;
  // What the chosen driver refuses (its errors), as the start under it would answer.
  const under = stack.driver ?? driver;
  const driverErrors = (under === "swarm" ? stack.swarmChecks : stack.composeChecks).filter(
    (c) => c.severity === "error",
  );
  const driverBlocked = driverErrors.length
    ? `${under === "swarm" ? "Swarm" : "Compose"} cannot run ${stack.name}: ${driverErrors.map((c) => c.message).join("; ")}`
    : null;
  return (
    <>
      {stack.driver ? (
        <span
          className="self-center text-xs text-zinc-500"
          title={`${stack.name} runs under the ${stack.driver} driver`}
        >
          on {stack.driver}
        </span>
      ) : (
        <select
          aria-label={`Driver for ${stack.name}`}
          value={driver}
          onChange={(e) => setDriver(e.target.value === "swarm" ? "swarm" : "compose")}
          title={
            stack.swarmChecks.length
              ? `Under Swarm: ${stack.swarmChecks.map((c) => c.message).join("\n")}`
              : "Compose: containers on this engine; Swarm: services on the engine's swarm"
          }
          className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs dark:border-zinc-700 dark:bg-zinc-950"
        >
          <option value="compose">Compose</option>
          <option value="swarm">
            Swarm
            {stack.swarmChecks.length
              ? ` (${stack.swarmChecks.length} warning${stack.swarmChecks.length === 1 ? "" : "s"})`
              : ""}
          </option>
        </select>
      )}
      <Button
        size="sm"
        onClick={() => act("up")}
        disabled={startWhy !== null || driverBlocked !== null}
        title={
          startWhy ??
          driverBlocked ??
          `Start every service of ${stack.name}${driver === "swarm" ? " on the swarm" : ""}`
        }
        aria-label={`Start ${stack.name}`}
      >
        <Play className="size-3.5" aria-hidden /> Start
      </Button>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => setConfirming(true)}
        disabled={stopWhy !== null}
        title={stopWhy ?? `Stop ${stack.name} and remove its containers`}
        aria-label={`Stop ${stack.name}`}
      >
        <Square className="size-3.5" aria-hidden /> Stop
      </Button>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Stop ${stack.name}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirming(false);
                act("down");
              }}
            >
              Stop stack
            </Button>
          </>
        }
      >
        <p>
          This stops {running + starting + unhealthy} running service(s) of <strong>{stack.title}</strong> (
          {stack.countsText}), dependents first, and removes their containers. Volumes and their data are kept: Start
          brings the stack back.
        </p>
      </Dialog>
    </>
  );
}
