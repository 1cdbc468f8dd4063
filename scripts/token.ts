/**
 * `npm run token -- --role operator --name ci [--scope lineage:write ...] [--days 30|--no-expiry] [--user admin]`
 * Creates an API token without the browser and prints only the token (for scripts and CI). `--scope` (repeatable)
 * limits it to those scopes (server/auth/contract.ts SCOPES); without it the token has its role's full reach.
 * Uses the same database as the server (DATABASE_URL, else the PGlite directory NEXUS_DATA_DIR).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { applyMigrations, createDb } from "../server/adapters/db/index.ts";
import { createApiToken, ensureAdmin, Role, SCOPES, TokenScopes } from "../server/auth/index.ts";
import { ConfigError, parseConfig } from "../server/config.ts";

const Args = z.object({
  role: Role,
  name: z.string().trim().min(1).max(100),
  days: z.coerce.number().int().min(1).max(3650).optional(),
  "no-expiry": z.boolean().optional(),
  user: z.string().min(1).default("admin"),
  scope: TokenScopes.default([]),
});

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: "string" },
    name: { type: "string" },
    days: { type: "string" },
    "no-expiry": { type: "boolean" },
    user: { type: "string" },
    scope: { type: "string", multiple: true },
  },
  strict: true,
});
const args = Args.safeParse(values);
if (!args.success)
  fail(
    `${args.error.issues.map((i) => `--${i.path[0]?.toString()}: ${i.message}`).join("; ")}\n` +
      "usage: npm run token -- --role viewer|operator|admin --name NAME [--scope SCOPE ...] [--days N | --no-expiry] [--user USERNAME]\n" +
      `scopes: ${Object.keys(SCOPES).join(", ")}`,
  );

let config;
try {
  config = parseConfig(process.env);
} catch (e) {
  fail(e instanceof ConfigError ? e.message : String(e));
}
let db;
try {
  db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
try {
  await applyMigrations(db);
  const admin = await ensureAdmin(db.prisma, config.adminPassword);
  if (admin.generatedPassword)
    process.stderr.write(`created user "admin" with generated password: ${admin.generatedPassword}\n`);
  const owner = await db.prisma.user.findUnique({ where: { username: args.data.user } });
  if (!owner || owner.disabled) fail(`user ${args.data.user} does not exist or is disabled`);
  const created = await createApiToken({
    db: db.prisma,
    ownerId: owner.id,
    ownerRole: owner.role as Role,
    body: {
      name: args.data.name,
      role: args.data.role,
      expiresInDays: args.data["no-expiry"] ? null : (args.data.days ?? 90),
      scopes: args.data.scope,
    },
  });
  await db.prisma.auditEvent.create({
    data: {
      actor: `${owner.username} (cli)`,
      actorType: "system",
      action: "token.create",
      target: `token:${created.id}`,
      outcome: "success",
      status: 201,
      requestId: "cli",
      detail: { name: created.name, role: created.role, scopes: created.scopes },
    },
  });
  process.stdout.write(`${created.token}\n`);
} catch (e) {
  await db.close();
  fail(e instanceof Error ? e.message : String(e));
}
await db.close();
process.exit(0);
