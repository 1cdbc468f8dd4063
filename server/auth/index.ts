// Authentication and authorization: users, password sign-in with rate limits, OpenID Connect sign-in, sessions, API tokens and the role order.
import "server-only";
export * from "./contract.ts";
export { hasRole, lowerRole } from "./roles.ts";
export { actorName, type Principal } from "./principal.ts";
export { login, createLoginLimiter, type LoginLimiter, type LoginLimits, type PasswordLogin } from "./login.ts";
export { startOidcSignIn, finishOidcSignIn } from "./oidc-sign-in.ts";
export { resolveSession, deleteSession, deleteExpiredSessions, createSession } from "./sessions.ts";
export { createApiToken, listApiTokens, revokeApiToken, resolveApiToken, looksLikeApiToken } from "./api-tokens.ts";
export { listUsers, getUser, createUser, updateUser, deleteUser, ensureAdmin, toUserView } from "./users.ts";
export { digestsEqual, hashSecret } from "./secrets.ts";
export { changePassword } from "./change-password.ts";
export { assertScope, missingScope, scopeBeyondCreator } from "./scopes.ts";
export { connectPrincipalCache } from "./principal-cache.ts";
