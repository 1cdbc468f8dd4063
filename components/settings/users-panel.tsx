"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { UserPlus } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useCreateUser, useDeleteUser, useSession, useUpdateUser, useUsers } from "@/components/auth/queries";
import { RequireRole } from "@/components/auth/require-role";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { relativeTime } from "@/components/ui/format";
import { ErrorPanel, QueryState } from "@/components/ui/states";
import type { Role, User } from "@/server/auth/contract";

function AddUserForm() {
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { username, password, role },
      {
        onSuccess: (u) => {
          toast.success(`User ${u.username} created`);
          setUsername("");
          setPassword("");
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add user" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      <Field label="Username">
        <Input required value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      </Field>
      <Field label="Password" hint="at least 8 characters">
        <Input
          required
          type="password"
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
        />
      </Field>
      <Field label="Role">
        <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </Select>
      </Field>
      <Button type="submit" disabled={create.isPending} className="sm:mb-5">
        <UserPlus className="size-4" aria-hidden /> Add user
      </Button>
      {create.isError && (
        <div className="sm:col-span-4">
          <ErrorPanel error={create.error} title="Could not create the user" />
        </div>
      )}
    </form>
  );
}

function SetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useUpdateUser();
  const [password, setPassword] = useState("");
  const close = () => {
    setPassword("");
    update.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!user) return;
    update.mutate(
      { id: user.id, body: { password } },
      {
        onSuccess: () => {
          toast.success(`Password of ${user.username} set; their sessions were signed out`);
          close();
        },
      },
    );
  };
  return (
    <Dialog open={user !== null} onClose={close} title={`Set the password of ${user?.username ?? ""}`}>
      <form onSubmit={submit} aria-label="Set password" className="space-y-3">
        <Field label="New password" hint="at least 8 characters; the user's sessions end">
          <Input
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {update.isError && <ErrorPanel error={update.error} title="Password not set" />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={update.isPending}>
            Set password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function UsersPanel() {
  const users = useUsers();
  const me = useSession().data?.user.id;
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const [confirm, setConfirm] = useState<User | null>(null);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const report = { onError: (e: Error) => toast.error(e.message), onSuccess: () => toast.success("Saved") };

  const columns = useMemo<ColumnDef<User, unknown>[]>(
    () => [
      {
        accessorKey: "username",
        header: "Username",
        cell: (c) => (
          <span className="font-medium">
            {c.row.original.username}
            {c.row.original.id === me && <span className="ml-1 text-xs text-zinc-500">(you)</span>}
            {c.row.original.signInWith && (
              <span className="block text-xs font-normal text-zinc-500">
                single sign-on · {issuerHost(c.row.original.signInWith)}
              </span>
            )}
          </span>
        ),
      },
      {
        accessorKey: "role",
        header: "Role",
        cell: (c) =>
          c.row.original.signInWith ? (
            <span title="Set by the identity provider at every sign-in">
              {c.row.original.role} <span className="text-xs text-zinc-500">(from the provider)</span>
            </span>
          ) : (
            <Select
              aria-label={`Role of ${c.row.original.username}`}
              className="h-8 w-32"
              value={c.row.original.role}
              onChange={(e) => update.mutate({ id: c.row.original.id, body: { role: e.target.value as Role } }, report)}
            >
              <option value="viewer">viewer</option>
              <option value="operator">operator</option>
              <option value="admin">admin</option>
            </Select>
          ),
      },
      {
        accessorKey: "disabled",
        header: "Enabled",
        cell: (c) => (
          <input
            type="checkbox"
            aria-label={`${c.row.original.username} enabled`}
            className="size-4 accent-indigo-600"
            checked={!c.row.original.disabled}
            onChange={(e) => update.mutate({ id: c.row.original.id, body: { disabled: !e.target.checked } }, report)}
          />
        ),
      },
      { accessorKey: "lastLoginAt", header: "Last sign-in", cell: (c) => relativeTime(c.row.original.lastLoginAt) },
      { accessorKey: "createdAt", header: "Created", cell: (c) => relativeTime(c.row.original.createdAt) },
      {
        id: "actions",
        header: "",
        enableSorting: false,
        cell: (c) => (
          <span className="flex justify-end gap-2">
            {!c.row.original.signInWith && (
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Set password of ${c.row.original.username}`}
                onClick={() => setPasswordFor(c.row.original)}
              >
                Set password
              </Button>
            )}
            {c.row.original.id !== me && (
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Delete ${c.row.original.username}`}
                onClick={() => setConfirm(c.row.original)}
              >
                Delete
              </Button>
            )}
          </span>
        ),
      },
    ],
    [me],
  );

  return (
    <RequireRole role="admin">
      <div className="space-y-6">
        <Card title="Add a user">
          <AddUserForm />
        </Card>
        <QueryState query={users}>
          {(d) => <DataTable label="Users" data={d.users} columns={columns} empty="No users." />}
        </QueryState>
      </div>
      <SetPasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title="Delete user?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() => confirm && remove.mutate(confirm.id, { ...report, onSettled: () => setConfirm(null) })}
            >
              Delete user
            </Button>
          </>
        }
      >
        <strong>{confirm?.username}</strong> loses access at once, and their API tokens are deleted with them.
      </Dialog>
    </RequireRole>
  );
}

/** The host of an issuer URL, for a short label (the full URL is in the API). */
function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
