import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { summarizeTopic } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.topic, ({ rt, params }) => summarizeTopic({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic }));
