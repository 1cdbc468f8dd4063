import { NotFoundError } from "@/server/errors";
import { route } from "@/server/http/route";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Unknown API paths: problem+json 404 (after authentication, so the API's shape is not disclosed anonymously).
const notFound = route(systemOps.notFound, async ({ req }) => {
  throw new NotFoundError(`no API operation ${req.method} ${new URL(req.url).pathname}`);
});
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
