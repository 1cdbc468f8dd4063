-- What the cluster leader publishes for the other control-plane instances (server/health/clustered.ts).
CREATE TABLE "ClusterState" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterState_pkey" PRIMARY KEY ("key")
);
