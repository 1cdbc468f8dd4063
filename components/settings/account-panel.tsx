"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useChangePassword, useSession } from "@/components/auth/queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { dateTime } from "@/components/ui/format";
import { ErrorPanel } from "@/components/ui/states";

export function AccountPanel() {
  const session = useSession();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const mismatch = again.length > 0 && next !== again;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          toast.success("Password changed; your other sessions were signed out");
          setCurrent("");
          setNext("");
          setAgain("");
        },
      },
    );
  };
  const user = session.data?.user;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card title="Your account">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-zinc-500">Username</dt>
          <dd className="font-medium">{user?.username}</dd>
          <dt className="text-zinc-500">Role</dt>
          <dd>{user?.role}</dd>
          <dt className="text-zinc-500">Last sign-in</dt>
          <dd>{dateTime(user?.lastLoginAt)}</dd>
          <dt className="text-zinc-500">Member since</dt>
          <dd>{dateTime(user?.createdAt)}</dd>
        </dl>
      </Card>
      <Card title="Change password">
        <form onSubmit={submit} aria-label="Change password" className="space-y-3">
          <Field label="Current password">
            <Input
              type="password"
              required
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </Field>
          <Field label="New password" hint="at least 8 characters">
            <Input
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </Field>
          <Field
            label="New password again"
            hint={mismatch ? <span className="text-red-600">does not match</span> : undefined}
          >
            <Input
              type="password"
              required
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
              aria-invalid={mismatch}
            />
          </Field>
          {change.isError && <ErrorPanel error={change.error} title="Password not changed" />}
          <Button type="submit" disabled={change.isPending || mismatch}>
            Change password
          </Button>
        </form>
      </Card>
    </div>
  );
}
