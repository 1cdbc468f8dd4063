"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useCreateToken, useRevokeToken, useTokens } from "@/components/auth/queries";
import { RequireRole } from "@/components/auth/require-role";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { dateTime, relativeTime } from "@/components/ui/format";
import { ErrorPanel, QueryState } from "@/components/ui/states";
import type { ApiToken, CreatedToken, Role, Scope } from "@/server/auth/contract";
import { ScopeBadges, ScopePicker } from "./token-scopes";

const EXPIRY = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

function NewTokenForm({ onCreated }: { onCreated: (t: CreatedToken) => void }) {
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [expiry, setExpiry] = useState("90");
  const [scopes, setScopes] = useState<Scope[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, role, expiresInDays: expiry === "never" ? null : Number(expiry), scopes },
      {
        onSuccess: (t) => {
          setName("");
          setScopes([]);
          onCreated(t);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="New token" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
      <Field label="Name">
        <Input
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="ci-deploy"
        />
      </Field>
      <Field label="Role">
        <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="viewer">viewer (read)</option>
          <option value="operator">operator (act)</option>
          <option value="admin">admin</option>
        </Select>
      </Field>
      <Field label="Expires">
        <Select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {EXPIRY.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <ScopePicker value={scopes} onChange={setScopes} />
      <Button type="submit" disabled={create.isPending}>
        <Plus className="size-4" aria-hidden /> Create token
      </Button>
      {create.isError && (
        <div className="sm:col-span-4">
          <ErrorPanel error={create.error} title="Could not create the token" />
        </div>
      )}
    </form>
  );
}

function SecretDialog({ token, onClose }: { token: CreatedToken | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!token) return;
    await navigator.clipboard.writeText(token.token).catch(() => undefined);
    setCopied(true);
  };
  return (
    <Dialog
      open={token !== null}
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      title={`Token "${token?.name ?? ""}" created`}
      footer={
        <Button
          onClick={() => {
            setCopied(false);
            onClose();
          }}
        >
          Done
        </Button>
      }
    >
      <p className="mb-3 font-medium text-amber-700 dark:text-amber-400">
        Copy this token now. It will not be shown again.
      </p>
      <div className="flex items-center gap-2">
        <code
          data-testid="new-token-value"
          className="block flex-1 break-all rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs dark:bg-zinc-800"
        >
          {token?.token}
        </code>
        <Button variant="secondary" size="sm" onClick={copy} aria-label="Copy token">
          {copied ? <Check className="size-4" /> : <Copy className="size-4" />}
        </Button>
      </div>
      <p className="mt-3 text-xs text-zinc-500">
        Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. Role {token?.role};{" "}
        {token?.scopes.length ? `limited to ${token.scopes.join(", ")}; ` : ""}
        {token?.expiresAt ? `expires ${dateTime(token.expiresAt)}` : "never expires"}.
      </p>
    </Dialog>
  );
}

function statusTone(s: ApiToken["status"]) {
  return s === "active" ? "green" : s === "expired" ? "amber" : "red";
}

export function TokensPanel() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [confirm, setConfirm] = useState<ApiToken | null>(null);

  const columns = useMemo<ColumnDef<ApiToken, unknown>[]>(
    () => [
      { accessorKey: "name", header: "Name", cell: (c) => <span className="font-medium">{c.row.original.name}</span> },
      {
        accessorKey: "prefix",
        header: "Prefix",
        cell: (c) => <code className="font-mono text-xs">{c.row.original.prefix}…</code>,
      },
      { accessorKey: "role", header: "Role" },
      {
        accessorKey: "scopes",
        header: "Scopes",
        enableSorting: false,
        cell: (c) => <ScopeBadges scopes={c.row.original.scopes} />,
      },
      { accessorKey: "owner", header: "Owner" },
      {
        accessorKey: "createdAt",
        header: "Created",
        cell: (c) => <span title={dateTime(c.row.original.createdAt)}>{relativeTime(c.row.original.createdAt)}</span>,
      },
      {
        accessorKey: "expiresAt",
        header: "Expires",
        cell: (c) =>
          c.row.original.expiresAt ? (
            <span title={dateTime(c.row.original.expiresAt)}>{relativeTime(c.row.original.expiresAt)}</span>
          ) : (
            "never"
          ),
      },
      { accessorKey: "lastUsedAt", header: "Last used", cell: (c) => relativeTime(c.row.original.lastUsedAt) },
      {
        accessorKey: "status",
        header: "Status",
        cell: (c) => <Badge tone={statusTone(c.row.original.status)}>{c.row.original.status}</Badge>,
      },
      {
        id: "actions",
        header: "",
        enableSorting: false,
        cell: (c) =>
          c.row.original.status === "active" && (
            <Button
              variant="secondary"
              size="sm"
              aria-label={`Revoke ${c.row.original.name}`}
              onClick={() => setConfirm(c.row.original)}
            >
              Revoke
            </Button>
          ),
      },
    ],
    [],
  );

  const doRevoke = () => {
    if (!confirm) return;
    const t = confirm;
    revoke.mutate(t.id, {
      onSuccess: () => toast.success(`Token "${t.name}" revoked`),
      onError: (e) => toast.error(`Could not revoke: ${e.message}`),
      onSettled: () => setConfirm(null),
    });
  };

  return (
    <RequireRole role="admin">
      <div className="space-y-6">
        <Card
          title={
            <span className="inline-flex items-center gap-2">
              <KeyRound className="size-4" aria-hidden /> New API token
            </span>
          }
        >
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
            For CI and scripts. A token never has more rights than its owner. Scripts can also run{" "}
            <code className="font-mono">npm run token -- --role operator --name ci --scope lineage:write</code>.
          </p>
          <NewTokenForm onCreated={setCreated} />
        </Card>
        <QueryState query={tokens}>
          {(d) => (
            <DataTable
              label="API tokens"
              data={d.tokens}
              columns={columns}
              empty="No API tokens yet. Create one above."
            />
          )}
        </QueryState>
      </div>
      <SecretDialog token={created} onClose={() => setCreated(null)} />
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title="Revoke token?"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={doRevoke} disabled={revoke.isPending}>
              Revoke token
            </Button>
          </>
        }
      >
        Anything using <strong>{confirm?.name}</strong> ({confirm?.prefix}…) stops working at once. This cannot be
        undone.
      </Dialog>
    </RequireRole>
  );
}
