-- CreateTable
CREATE TABLE "DlqSourceMapping" (
    "dlqTopic" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "targetTopic" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DlqSourceMapping_pkey" PRIMARY KEY ("dlqTopic","source")
);

-- CreateTable
CREATE TABLE "DlqReplay" (
    "id" TEXT NOT NULL,
    "jobId" TEXT,
    "sourceTopic" TEXT NOT NULL,
    "targetTopic" TEXT,
    "mode" TEXT NOT NULL,
    "filter" JSONB,
    "selection" JSONB,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "pauseRequested" BOOLEAN NOT NULL DEFAULT false,
    "ratePerSecond" INTEGER NOT NULL,
    "maxMessages" INTEGER,
    "loopGuard" INTEGER NOT NULL,
    "parkingTopic" TEXT,
    "endOffsets" JSONB NOT NULL,
    "targetStarts" JSONB,
    "total" INTEGER,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "parked" INTEGER NOT NULL DEFAULT 0,
    "byTarget" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DlqReplay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DlqReplayChunk" (
    "replayId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "entries" JSONB NOT NULL,
    "count" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DlqReplayChunk_pkey" PRIMARY KEY ("replayId","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "DlqReplay_jobId_key" ON "DlqReplay"("jobId");

-- CreateIndex
CREATE INDEX "DlqReplay_createdAt_idx" ON "DlqReplay"("createdAt");

-- CreateIndex
CREATE INDEX "DlqReplay_sourceTopic_idx" ON "DlqReplay"("sourceTopic");

-- AddForeignKey
ALTER TABLE "DlqReplayChunk" ADD CONSTRAINT "DlqReplayChunk_replayId_fkey" FOREIGN KEY ("replayId") REFERENCES "DlqReplay"("id") ON DELETE CASCADE ON UPDATE CASCADE;
