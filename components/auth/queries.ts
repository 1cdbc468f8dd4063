"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { apiPath } from "@/components/data/api-path";
import { queryKeys } from "@/components/data/query-keys";
import {
  ApiToken,
  ApiTokenList,
  CreatedToken,
  LogoutResult,
  SessionInfo,
  User,
  UserList,
  type ChangePasswordBody,
  type CreateTokenBody,
  type CreateUserBody,
  type LoginBody,
  type UpdateUserBody,
} from "@/server/auth/contract";
import { authOps, tokenOps, userOps } from "@/server/auth/operations";

export const authKeys = {
  session: queryKeys.session,
  users: ["users"] as const,
  tokens: ["tokens"] as const,
};

export const useSession = () =>
  useQuery({
    queryKey: authKeys.session,
    queryFn: () => apiFetch(apiPath(authOps.session), SessionInfo),
    staleTime: 60_000,
  });

export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => apiFetch(apiPath(authOps.login), SessionInfo, { method: "POST", body }),
  });
}

export function useLogout() {
  // 204, or 200 with the provider's end-session URL when the session came from single sign-on.
  return useMutation({
    mutationFn: () => apiFetch(apiPath(authOps.logout), LogoutResult.optional(), { method: "POST" }),
  });
}

export const useUsers = () =>
  useQuery({ queryKey: authKeys.users, queryFn: () => apiFetch(apiPath(userOps.list), UserList) });

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => apiFetch(apiPath(userOps.create), User, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) =>
      apiFetch(apiPath(userOps.update, { id }), User, { method: "PATCH", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(apiPath(userOps.remove, { id }), User, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export const useTokens = () =>
  useQuery({ queryKey: authKeys.tokens, queryFn: () => apiFetch(apiPath(tokenOps.list), ApiTokenList) });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => apiFetch(apiPath(tokenOps.create), CreatedToken, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(apiPath(tokenOps.revoke, { id }), ApiToken, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) =>
      apiFetch(apiPath(authOps.changePassword), z.undefined(), { method: "POST", body }),
  });
}
