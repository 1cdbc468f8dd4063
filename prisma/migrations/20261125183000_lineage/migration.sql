-- CreateTable
CREATE TABLE "LineageEvent" (
    "id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "eventType" TEXT,
    "eventTime" TIMESTAMP(3) NOT NULL,
    "runId" TEXT,
    "body" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedBy" TEXT,

    CONSTRAINT "LineageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineageDataset" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "layer" TEXT,
    "schema" JSONB,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineageDataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineageJob" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineageJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineageRun" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "stateTime" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "nominalStart" TIMESTAMP(3),
    "parentRunId" TEXT,
    "errorMessage" TEXT,
    "rowsIn" DOUBLE PRECISION,
    "rowsOut" DOUBLE PRECISION,
    "bytesIn" DOUBLE PRECISION,
    "bytesOut" DOUBLE PRECISION,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineageRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineageEdge" (
    "fromKey" TEXT NOT NULL,
    "toKey" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "rowsIn" DOUBLE PRECISION,
    "rowsOut" DOUBLE PRECISION,
    "lastRunId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineageEdge_pkey" PRIMARY KEY ("fromKey","toKey")
);

-- CreateTable
CREATE TABLE "QualityResult" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "layer" TEXT,
    "score" DOUBLE PRECISION NOT NULL,
    "passed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "checks" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QualityResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LineageEvent_hash_key" ON "LineageEvent"("hash");

-- CreateIndex
CREATE INDEX "LineageEvent_receivedAt_idx" ON "LineageEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "LineageEvent_runId_idx" ON "LineageEvent"("runId");

-- CreateIndex
CREATE INDEX "LineageDataset_name_idx" ON "LineageDataset"("name");

-- CreateIndex
CREATE UNIQUE INDEX "LineageDataset_namespace_name_key" ON "LineageDataset"("namespace", "name");

-- CreateIndex
CREATE INDEX "LineageJob_name_idx" ON "LineageJob"("name");

-- CreateIndex
CREATE UNIQUE INDEX "LineageJob_namespace_name_key" ON "LineageJob"("namespace", "name");

-- CreateIndex
CREATE INDEX "LineageRun_jobId_createdAt_idx" ON "LineageRun"("jobId", "createdAt");

-- CreateIndex
CREATE INDEX "LineageRun_state_idx" ON "LineageRun"("state");

-- CreateIndex
CREATE INDEX "LineageEdge_toKey_idx" ON "LineageEdge"("toKey");

-- CreateIndex
CREATE INDEX "QualityResult_datasetId_createdAt_idx" ON "QualityResult"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "QualityResult_layer_createdAt_idx" ON "QualityResult"("layer", "createdAt");
