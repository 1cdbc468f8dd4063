import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { listS3Prefixes } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqS3Ops.s3Prefixes, ({ rt }) => listS3Prefixes(rt.s3));
