import { z } from "zod";
import { defineOperation } from "../define-operation.ts";
import {
  ApiToken,
  ApiTokenList,
  ChangePasswordBody,
  CreatedToken,
  CreateTokenBody,
  CreateUserBody,
  IdParams,
  LoginBody,
  LogoutResult,
  OidcCallbackQuery,
  OidcLoginQuery,
  SessionInfo,
  UpdateUserBody,
  User,
  UserList,
} from "./contract.ts";

export const authOps = {
  login: defineOperation({
    method: "POST",
    path: "/api/v1/auth/login",
    tag: "auth",
    role: "public",
    body: LoginBody,
    response: SessionInfo,
    audit: "auth.login",
    errors: {
      401: "Wrong username or password, or the user is disabled",
      429: "Too many failed sign-ins: see Retry-After",
    },
    summary: "Sign in",
    description:
      "Sets an httpOnly session cookie and a CSRF cookie. Failed attempts are rate limited per username and address.",
  }),
  logout: defineOperation({
    method: "POST",
    path: "/api/v1/auth/logout",
    tag: "auth",
    role: "viewer",
    status: 204,
    responses: {
      200: {
        description: "Signed in through a provider that offers RP-initiated logout: send the browser to endSessionUrl",
        schema: LogoutResult,
      },
    },
    audit: "auth.logout",
    summary: "Sign out (ends this session)",
  }),
  oidcLogin: defineOperation({
    method: "GET",
    path: "/api/v1/auth/oidc/login",
    tag: "auth",
    role: "public",
    query: OidcLoginQuery,
    status: 302,
    summary: "Sign in with the OpenID Connect provider (browser)",
    description:
      "Redirects to the provider (authorization code with PKCE) and sets a short-lived HttpOnly cookie holding the " +
      "state, nonce and code verifier. If the provider cannot be reached, redirects to the sign-in page with `error=provider`.",
  }),
  oidcCallback: defineOperation({
    method: "GET",
    path: "/api/v1/auth/oidc/callback",
    tag: "auth",
    role: "public",
    query: OidcCallbackQuery,
    status: 302,
    audit: "auth.login",
    summary: "The provider's redirect back (browser)",
    description:
      "Checks the state against the browser's cookie, exchanges the code, checks the ID token and maps the role claim. " +
      "Redirects to the page the sign-in started from, to /no-access when no value maps to a role, or to the sign-in " +
      "page with `error=<reason>`.",
  }),
  session: defineOperation({
    method: "GET",
    path: "/api/v1/auth/session",
    tag: "auth",
    role: "viewer",
    response: SessionInfo,
    summary: "Who am I",
  }),
  changePassword: defineOperation({
    method: "POST",
    path: "/api/v1/auth/password",
    tag: "auth",
    role: "viewer",
    body: ChangePasswordBody,
    status: 204,
    audit: "auth.password.change",
    summary: "Change your own password",
    description: "Needs the current password. Ends your other sessions; this one stays signed in.",
  }),
};

export const userOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/users",
    tag: "users",
    role: "admin",
    response: UserList,
    summary: "List users",
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/users",
    tag: "users",
    role: "admin",
    body: CreateUserBody,
    response: User,
    status: 201,
    audit: "user.create",
    summary: "Create a user",
    errors: { 409: "A user with this username exists" },
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/api/v1/users/{id}",
    tag: "users",
    role: "admin",
    params: IdParams,
    body: UpdateUserBody,
    response: User,
    audit: "user.update",
    errors: { 409: "The change would leave no enabled admin" },
    summary: "Change a user's role, password or enabled state",
    description: "Ends the user's sessions when their password, role or enabled state changes.",
  }),
  remove: defineOperation({
    method: "DELETE",
    path: "/api/v1/users/{id}",
    tag: "users",
    role: "admin",
    params: IdParams,
    response: User,
    audit: "user.delete",
    summary: "Delete a user",
    errors: { 409: "Your own account, or the last enabled admin" },
  }),
};

export const tokenOps = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/tokens",
    tag: "tokens",
    role: "admin",
    response: ApiTokenList,
    summary: "List API tokens",
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/tokens",
    tag: "tokens",
    role: "admin",
    body: CreateTokenBody,
    response: CreatedToken,
    status: 201,
    audit: "token.create",
    summary: "Create an API token",
    description: "The secret is in the response only; send it as `Authorization: Bearer <token>`.",
  }),
  revoke: defineOperation({
    method: "DELETE",
    path: "/api/v1/tokens/{id}",
    tag: "tokens",
    role: "admin",
    params: IdParams,
    response: ApiToken,
    audit: "token.revoke",
    summary: "Revoke an API token",
  }),
};

export const NotFoundParams = z.object({ path: z.array(z.string()).optional() });
