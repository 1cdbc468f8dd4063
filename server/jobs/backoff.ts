/** Delay before retry `attempt` (1-based): 2 s, 4 s, 8 s … capped at 5 min, with ±20 % jitter. */
import "server-only";
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
