import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { isDlqTopic, isInternalTopic, mappedDlqTopics } from "./topics.ts";

/** The configuration that decides which topics are dead-letter topics and where replays may write. */
export type DlqScope = {
  /** NEXUS_DLQ_TOPIC_PATTERN. */
  dlqTopicPattern: string;
  /** NEXUS_REPLAY_TARGET_PATTERN: when set, every replay target must match it. */
  replayTargetPattern: string | null;
};

/** The target rules of one dry run or run: the scope, the topics that are dead-letter topics by mapping, verdicts so far. */
export type TargetRules = DlqScope & { mappedDlqTopics: ReadonlySet<string>; verdicts: Map<string, string | null> };

export async function loadTargetRules(db: Db, scope: DlqScope): Promise<TargetRules> {
  return { ...scope, mappedDlqTopics: await mappedDlqTopics(db), verdicts: new Map() };
}

const internal = (topic: string) => `${topic} is an internal topic (its name starts with "_"): never written`;
const isDeadLetter = (topic: string, rules: TargetRules) =>
  isDlqTopic(topic, rules.dlqTopicPattern) || rules.mappedDlqTopics.has(topic);

/**
 * Why replayed records may not go to `topic`, naming the rule, or null when they may. The target may
 * come from the request or from headers written by whoever produced the dead letter, so it is checked either way:
 * never an internal topic, never a dead-letter topic (only the parking topic may be one), and matching
 * NEXUS_REPLAY_TARGET_PATTERN when that is set.
 */
export function targetRefusal(topic: string, rules: TargetRules): string | null {
  const known = rules.verdicts.get(topic);
  if (known !== undefined) return known;
  let why: string | null = null;
  if (isInternalTopic(topic)) why = internal(topic);
  else if (isDeadLetter(topic, rules))
    why = `${topic} is a dead-letter topic: replays go to dead-letter topics only as their parking topic`;
  else if (rules.replayTargetPattern !== null && !new RegExp(rules.replayTargetPattern).test(topic)) {
    why = `${topic} does not match NEXUS_REPLAY_TARGET_PATTERN (${rules.replayTargetPattern})`;
  }
  rules.verdicts.set(topic, why);
  return why;
}

/** Why records stopped by the loop guard may not be parked in `topic`: a parking topic is a dead-letter topic or an allowed target. */
export function parkingRefusal(topic: string, rules: TargetRules): string | null {
  if (isInternalTopic(topic)) return internal(topic);
  return isDeadLetter(topic, rules) ? null : targetRefusal(topic, rules);
}
