import { getUser } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { CSRF_COOKIE } from "@/server/http/cookies";
import { readCookie } from "@/server/http/request-context";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(authOps.session, async ({ rt, principal, req }) => ({
  user: { ...(await getUser(rt.db.prisma, principal.userId)), role: principal.role },
  csrfToken: principal.via === "session" ? (readCookie(req.headers, CSRF_COOKIE) ?? null) : null,
  via: principal.via,
}));
