import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { browseTopic } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.messages, ({ rt, params, query }) => browseTopic({ kafka: rt.kafka, db: rt.db.prisma, topic: params.topic, query }));
