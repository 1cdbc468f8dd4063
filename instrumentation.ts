// Boots the runtime (config, database, migrations, first admin, job runner) when the server starts,
// not on the first request. A bad configuration stops the process with the variable named.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ bootOrExit }, { refuseMethod }, lineage, jobs] = await Promise.all([
    import("./server/boot.ts"),
    import("./server/http/methods.ts"),
    import("./app/api/v1/lineage/route.ts"),
    import("./app/api/v1/jobs/route.ts"),
  ]);
  // The routes scripts/serve.mjs answers itself (server/fast-routes.mjs): the handlers their app/ files export.
  await bootOrExit({ routes: { "POST /api/v1/lineage": lineage.POST, "GET /api/v1/jobs": jobs.GET }, refuseMethod });
}
