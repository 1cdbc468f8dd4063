"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/data/api-fetch";
import { queryKeys } from "@/components/data/query-keys";
import {
  ApiToken, ApiTokenList, CreatedToken, SessionInfo, User, UserList,
  type ChangePasswordBody, type CreateTokenBody, type CreateUserBody, type LoginBody, type UpdateUserBody,
} from "@/server/auth/contract";

export const authKeys = {
  session: queryKeys.session,
  users: ["users"] as const,
  tokens: ["tokens"] as const,
};

export const useSession = () => useQuery({ queryKey: authKeys.session, queryFn: () => apiFetch("/api/v1/auth/session", SessionInfo), staleTime: 60_000 });

export function useLogin() {
  return useMutation({ mutationFn: (body: LoginBody) => apiFetch("/api/v1/auth/login", SessionInfo, { method: "POST", body }) });
}

export function useLogout() {
  return useMutation({ mutationFn: () => apiFetch("/api/v1/auth/logout", z.undefined(), { method: "POST" }) });
}

export const useUsers = () => useQuery({ queryKey: authKeys.users, queryFn: () => apiFetch("/api/v1/users", UserList) });

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => apiFetch("/api/v1/users", User, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => apiFetch(`/api/v1/users/${encodeURIComponent(id)}`, User, { method: "PATCH", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/users/${encodeURIComponent(id)}`, User, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export const useTokens = () => useQuery({ queryKey: authKeys.tokens, queryFn: () => apiFetch("/api/v1/tokens", ApiTokenList) });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => apiFetch("/api/v1/tokens", CreatedToken, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/tokens/${encodeURIComponent(id)}`, ApiToken, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordBody) => apiFetch("/api/v1/auth/password", z.undefined(), { method: "POST", body }) });
}
