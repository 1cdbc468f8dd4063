-- Sign-in attempt counters shared by the instances on one PostgreSQL (server/adapters/db/rate-limits.ts): the
-- columns rate-limiter-flexible's RateLimiterPostgres reads and writes, in its order; created here, not by it.
-- CreateTable
CREATE TABLE "LoginRateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "LoginRateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "LoginRateLimit_expire_idx" ON "LoginRateLimit"("expire");
