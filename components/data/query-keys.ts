/** Query keys shared by client hooks and the server-side prefetch of pages (a plain module, not "use client"). */
export const queryKeys = {
  session: ["auth", "session"] as const,
  stacks: ["stacks", "list"] as const,
  healthSnapshot: ["health", "snapshot"] as const,
};
