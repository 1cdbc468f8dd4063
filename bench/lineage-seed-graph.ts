// Writes the synthetic graph of bench/lineage.sh into a database (PGlite dir from NEXUS_DATA_DIR, or DATABASE_URL):
// 10,000 datasets in 10 layers of 1,000, 5,000 jobs, each reading 5 datasets of one layer and writing 5 of the
// next: 50,000 edges. Names g_<n> so the bench can pick random start nodes.
import { applyMigrations, createDb } from "../server/adapters/db/index.ts";

const db = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.NEXUS_DATA_DIR ?? ".nexus" });
await applyMigrations(db);
const p = db.prisma;
await p.$executeRawUnsafe(`INSERT INTO "LineageDataset" (id, namespace, name, layer, facets, "updatedAt")
  SELECT 'gd' || n, 'bench-graph', 'g_' || n, NULL, '{}', now() FROM generate_series(0, 9999) n ON CONFLICT DO NOTHING`);
await p.$executeRawUnsafe(`INSERT INTO "LineageJob" (id, namespace, name, facets, "updatedAt")
  SELECT 'gj' || j, 'bench-graph', 'gjob_' || j, '{}', now() FROM generate_series(0, 4999) j ON CONFLICT DO NOTHING`);
// Job j works between layer L = j % 9 and L + 1: it reads datasets L*1000 + ((j*7 + k*131) % 1000) and writes (L+1)*1000 + ((j*11 + k*173) % 1000).
await p.$executeRawUnsafe(`INSERT INTO "LineageEdge" ("fromKey", "toKey", "jobId", "rowsIn", "updatedAt")
  SELECT 'dataset:gd' || ((j % 9) * 1000 + ((j * 7 + k * 131) % 1000)), 'job:gj' || j, 'gj' || j, 1000, now()
  FROM generate_series(0, 4999) j, generate_series(0, 4) k ON CONFLICT DO NOTHING`);
await p.$executeRawUnsafe(`INSERT INTO "LineageEdge" ("fromKey", "toKey", "jobId", "rowsOut", "updatedAt")
  SELECT 'job:gj' || j, 'dataset:gd' || ((j % 9 + 1) * 1000 + ((j * 11 + k * 173) % 1000)), 'gj' || j, 990, now()
  FROM generate_series(0, 4999) j, generate_series(0, 4) k ON CONFLICT DO NOTHING`);
const edges = await p.lineageEdge.count({ where: { jobId: { startsWith: "gj" } } });
const datasets = await p.lineageDataset.count({ where: { namespace: "bench-graph" } });
console.log(JSON.stringify({ datasets, edges }));
await db.close();
