-- A run's children (a DAG run's task runs, a dbt run's model runs) are looked up by their parent run id.
CREATE INDEX "LineageRun_parentRunId_idx" ON "LineageRun"("parentRunId");
