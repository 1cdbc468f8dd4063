import { AlertTriangle } from "lucide-react";
import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { signInErrorText } from "@/components/auth/sign-in-errors";
import { SsoButton } from "@/components/auth/sso-button";
import { getConfig } from "@/server/config";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ error?: string | string[]; next?: string | string[] }>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const { oidc, passwordLogin } = getConfig();
  const q = await searchParams;
  const error = signInErrorText(one(q.error), oidc?.name ?? "The identity provider");
  const passwords = (
    <Suspense>
      <LoginForm secondary={Boolean(oidc)} />
    </Suspense>
  );
  return (
    <AuthCard subtitle="Sign in to run the data platform">
      <div className="space-y-4">
        {error && (
          <div
            role="alert"
            className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
          >
            <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
            <p>{error}</p>
          </div>
        )}
        {oidc && <SsoButton name={oidc.name} next={one(q.next)} primary />}
        {oidc && passwordLogin.enabled && (
          <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or with a password
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        )}
        {(passwordLogin.enabled || !oidc) && passwords}
        {!passwordLogin.enabled && oidc && (
          <details className="group rounded-lg border border-zinc-200 text-sm dark:border-zinc-800">
            <summary className="cursor-pointer select-none px-3 py-2 text-zinc-600 dark:text-zinc-400">
              Break-glass administrator
            </summary>
            <div className="border-t border-zinc-200 p-3 dark:border-zinc-800">{passwords}</div>
          </details>
        )}
      </div>
    </AuthCard>
  );
}
