import { Badge, type Tone } from "@/components/ui/badge";
import type { JobState } from "@/server/jobs/contract";

const TONE: Record<JobState, Tone> = {
  queued: "neutral",
  running: "blue",
  succeeded: "green",
  failed: "red",
  cancelled: "amber",
};

export function JobStateBadge({ state }: { state: JobState }) {
  return <Badge tone={TONE[state]}>{state}</Badge>;
}
