import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { listDlqTopics } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.topics, ({ rt }) =>
  listDlqTopics({ kafka: rt.kafka, db: rt.db.prisma, pattern: rt.config.dlqTopicPattern }),
);
