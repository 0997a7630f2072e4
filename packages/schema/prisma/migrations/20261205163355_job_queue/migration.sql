-- CreateTable
CREATE TABLE "JobQueue" (
    "id" BIGSERIAL NOT NULL,
    "task" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 10,
    "lastError" TEXT,
    "lockedAt" TIMESTAMPTZ(3),
    "key" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobQueue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobQueue_key_key" ON "JobQueue"("key");

-- CreateIndex
CREATE INDEX "JobQueue_runAt_idx" ON "JobQueue"("runAt");

-- Hand-written: orderly_add_job adds a job inside the caller's transaction (rolled back with it).
-- With graphile-worker's schema installed (PostgreSQL with a job worker) it is graphile-worker's
-- own add_job; otherwise the job goes to "JobQueue" (PGlite's in-process runner; on PostgreSQL the
-- worker moves such rows over when it starts). plpgsql resolves graphile_worker.add_job only when
-- that branch runs, so the function exists without the schema.
CREATE FUNCTION "orderly_add_job"(task text, payload json DEFAULT '{}', run_at timestamptz DEFAULT NULL, max_attempts integer DEFAULT 10, job_key text DEFAULT NULL)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF to_regprocedure('graphile_worker.add_job(text,json,text,timestamptz,integer,text,integer,text[],text)') IS NOT NULL THEN
    PERFORM graphile_worker.add_job(task, payload, run_at := run_at, max_attempts := max_attempts, job_key := job_key);
  ELSIF job_key IS NULL THEN
    INSERT INTO "JobQueue" (task, payload, "runAt", "maxAttempts") VALUES (task, coalesce(payload, '{}')::jsonb, coalesce(run_at, now()), max_attempts);
  ELSE
    -- graphile-worker's job_key semantics: a pending job of that key is replaced; a running one
    -- keeps running and the new one waits behind it.
    UPDATE "JobQueue" SET key = NULL WHERE key = job_key AND "lockedAt" IS NOT NULL;
    INSERT INTO "JobQueue" (task, payload, "runAt", "maxAttempts", key) VALUES (task, coalesce(payload, '{}')::jsonb, coalesce(run_at, now()), max_attempts, job_key)
      ON CONFLICT (key) DO UPDATE SET task = EXCLUDED.task, payload = EXCLUDED.payload, "runAt" = EXCLUDED."runAt", "maxAttempts" = EXCLUDED."maxAttempts",
        attempts = 0, "lastError" = NULL, "updatedAt" = now();
  END IF;
END $$;
