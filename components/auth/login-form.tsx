"use client";
import { LogIn } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/states";
import { useLogin } from "./queries";
import { safeNext } from "./safe-next";

/** The password form; `secondary` when single sign-on is the main way in. */
export function LoginForm({ secondary = false }: { secondary?: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username, password },
      { onSuccess: () => router.replace(safeNext(params.get("next"), window.location.origin)) },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Sign in">
      <Field label="Username">
        <Input
          name="username"
          autoComplete="username"
          autoFocus={!secondary}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field label="Password">
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {login.isError && <ErrorPanel error={login.error} title="Could not sign in" />}
      <Button type="submit" variant={secondary ? "secondary" : "primary"} className="w-full" disabled={login.isPending}>
        <LogIn className="size-4" aria-hidden /> {login.isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
