/**
 * Developer tool: create and inspect Prisma migrations without Prisma's native engine (it cannot be downloaded here).
 * Uses the wasm schema engine through driver adapters; see ../shared/recipes/prisma-offline.md.
 * The server applies migrations by itself at start (server/adapters/db/migrate.ts); this is for authoring them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

const SCHEMA = resolve("prisma/schema.prisma");
const DIR = resolve("prisma/migrations");
const url = process.env.DATABASE_URL;
let close = async (): Promise<void> => {};
let factory: SqlMigrationAwareDriverAdapterFactory;
if (url?.startsWith("postgres")) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  factory = new PrismaPg({ connectionString: url }) as unknown as SqlMigrationAwareDriverAdapterFactory;
} else {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dataDir = resolve(process.env.NEXUS_DATA_DIR ?? ".nexus");
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(join(dataDir, "pglite"));
  factory = new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
  close = () => db.close();
}
type Wasm = { __wbg_set_wasm(e: WebAssembly.Exports): void };
const wasmFile = join(
  dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm")),
  "schema_engine_bg.wasm",
);
const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), {
  "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
});
(bg as unknown as Wasm).__wbg_set_wasm(inst.exports);
(inst.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
const engine = await bg.SchemaEngine.new(
  { datamodels: [[SCHEMA, readFileSync(SCHEMA, "utf8")]] },
  () => {},
  bindMigrationAwareSqlAdapterFactory(factory),
);
const list = () => {
  const lock = join(DIR, "migration_lock.toml");
  const names = existsSync(DIR)
    ? readdirSync(DIR)
        .filter((d) => existsSync(join(DIR, d, "migration.sql")))
        .sort()
    : [];
  return {
    baseDir: DIR,
    shadowDbInitScript: "",
    lockfile: { path: lock, content: existsSync(lock) ? readFileSync(lock, "utf8") : null },
    migrationDirectories: names.map((n) => ({
      path: n,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(join(DIR, n, "migration.sql"), "utf8") },
      },
    })),
  };
};
const filters = { externalTables: [], externalEnums: [] };
const schema = { files: [{ path: SCHEMA, content: readFileSync(SCHEMA, "utf8") }] };
const [cmd, ...args] = process.argv.slice(2);
const apply = async () => {
  const r = await engine.applyMigrations({ migrationsList: list(), filters });
  console.log(
    r.appliedMigrationNames.length ? `Applied: ${r.appliedMigrationNames.join(", ")}` : "No pending migrations.",
  );
};
try {
  if (cmd === "deploy") await apply();
  else if (cmd === "status")
    console.log(
      JSON.stringify(
        await engine.diagnoseMigrationHistory({ migrationsList: list(), optInToShadowDatabase: false, filters }),
        null,
        2,
      ),
    );
  else if (cmd === "diff-from") {
    // Without a shadow database (PGlite offers none here): the SQL from an earlier schema file to the current one,
    // e.g. `git show HEAD:prisma/schema.prisma > /tmp/old.prisma && npm run db:diff-from -- /tmp/old.prisma`.
    const from = args[0];
    if (!from) throw new Error("usage: migrate-dev.ts diff-from <old schema.prisma>");
    const r = await engine.diff({
      from: { tag: "schemaDatamodel", files: [{ path: SCHEMA, content: readFileSync(from, "utf8") }] },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: null,
      filters,
    });
    process.stdout.write(r.stdout ?? "");
  } else if (cmd === "dev") {
    const diag = await engine.devDiagnostic({ migrationsList: list(), filters });
    if (diag.action.tag === "reset") throw new Error(`Drift detected, reset needed: ${diag.action.reason}`);
    await apply();
    const nameAt = args.indexOf("--name");
    const out = await engine.createMigration({
      draft: args.includes("--create-only"),
      migrationName: (nameAt >= 0 ? args[nameAt + 1] : args[0]) ?? "migration",
      migrationsList: list(),
      schema,
      filters,
    });
    if (!out.migrationScript) console.log("Already in sync.");
    else {
      mkdirSync(join(DIR, out.generatedMigrationName), { recursive: true });
      writeFileSync(join(DIR, out.generatedMigrationName, "migration.sql"), out.migrationScript);
      const lock = join(DIR, "migration_lock.toml");
      if (!existsSync(lock))
        writeFileSync(
          lock,
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`,
        );
      console.log(`Created prisma/migrations/${out.generatedMigrationName}/migration.sql`);
      if (!args.includes("--create-only")) await apply();
    }
  } else
    throw new Error("usage: migrate-dev.ts dev [--name N] [--create-only] | deploy | status | diff-from <old schema>");
} catch (e) {
  console.error("Error:", e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
engine.free();
await close();
process.exit(process.exitCode ?? 0); // the wasm engine otherwise idles ~10 s
