import { z } from "zod";

export const Role = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof Role>;

const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** True when `actual` is at least `required` (viewer < operator < admin). Client-safe: the UI hides what a role may not do. */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

/** A token never grants more than its owner has. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}

/**
 * What an API token may be limited to, besides its role: one `read` and one `write` scope per capability (DLQ writes
 * are `dlq:replay`). Each operation declares the one scope it needs (server/<capability>/operations.ts); a token
 * without scopes reaches everything its role reaches. Scopes only narrow: the role check still applies.
 */
export const SCOPES = {
  "stack:read": "See stacks, their status, stats and logs; follow stack operations",
  "stack:write": "Start, stop and restart stacks and services; validate Compose files",
  "dlq:read": "Browse dead-letter topics, messages, exports, replays and their journals",
  "dlq:replay": "Replay dead letters, control replays, edit source mappings, create replay target topics",
  "lineage:read": "Read namespaces, datasets, jobs, runs and the lineage graph",
  "lineage:write": "Report OpenLineage events, transformations, job metrics and Pushgateway pushes",
  "quality:read": "Read quality scores and ask the quality gate",
  "quality:write": "Report quality and Great Expectations results",
  "health:read": "Read health, its history and stream, alerts; run the probes now",
  "health:write": "Change alert rules",
  "catalog:read": "Read the Iceberg catalog's namespaces, tables, schemas, snapshots and properties",
  "backup:read": "List backups and backup schedules",
  "backup:write": "Back up now, add and delete backup schedules",
  "backup:restore": "Restore a backup (dry run included; the admin role too)",
  "jobs:read": "List background jobs and follow their events",
  "jobs:write": "Submit and cancel background jobs",
  "audit:read": "Read the audit log",
  "users:read": "List users",
  "users:write": "Create, change and delete users",
  "tokens:read": "List API tokens",
  "tokens:write": "Create and revoke API tokens",
} as const;
export const Scope = z.enum(Object.keys(SCOPES) as [keyof typeof SCOPES, ...(keyof typeof SCOPES)[]]);
export type Scope = z.infer<typeof Scope>;
/** The scopes of a token: empty means unscoped (the role's full reach). */
export const TokenScopes = z
  .array(Scope)
  .max(Scope.options.length)
  .refine((s) => new Set(s).size === s.length, "each scope once")
  .describe("Scopes the token is limited to; empty: everything its role allows");

const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, dot, dash and underscore only");
const Password = z.string().min(8, "at least 8 characters").max(200);

export const LoginBody = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
  /** The identity provider (issuer URL) this user signs in with, or null for a local password. */
  signInWith: z.string().nullable(),
});
export type User = z.infer<typeof User>;
export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

export const SessionInfo = z.object({
  user: User,
  csrfToken: z.string().nullable(),
  via: z.enum(["session", "token"]),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Sign-out of a session from an OpenID Connect provider that offers RP-initiated logout. */
export const LogoutResult = z.object({ endSessionUrl: z.url() });
export type LogoutResult = z.infer<typeof LogoutResult>;

export const OidcLoginQuery = z.object({ next: z.string().max(2000).optional() });
/** What a provider sends back; the whole URL goes to the client library, which checks it. */
export const OidcCallbackQuery = z.looseObject({
  code: z.string().max(4000).optional(),
  state: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  iss: z.string().max(2000).optional(),
});

export const CreateUserBody = z
  .object({ username: Username, password: Password, role: Role.default("viewer") })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), password: Password.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "give at least one of role, disabled, password");
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const IdParams = z.object({ id: z.string().min(1).max(64) });
export type IdParams = z.infer<typeof IdParams>;

export const CreateTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: Role,
    /** Days until expiry; omit or null for a token that does not expire. */
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
    scopes: TokenScopes.default([]),
  })
  .strict();
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: Role,
  scopes: z.array(Scope),
  owner: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;
export const CreatedToken = ApiToken.extend({
  token: z.string().describe("The secret. Shown once; only its hash is stored."),
});
export type CreatedToken = z.infer<typeof CreatedToken>;

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: Password })
  .strict()
  .refine((b) => b.currentPassword !== b.newPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
