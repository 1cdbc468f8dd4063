// Boots the runtime (config, database, migrations, first admin, job runner) when the server starts,
// not on the first request. A bad configuration stops the process with the variable named.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootOrExit } = await import("./server/boot.ts");
  await bootOrExit();
}
