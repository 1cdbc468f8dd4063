"use client";
import { Bell, BellOff } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useSession } from "@/components/auth/queries";
import type { AlertRuleView, AlertView } from "@/server/health/contract";
import { hasRole } from "@/server/auth/contract";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { dateTime, relativeTime } from "@/components/ui/format";
import { EmptyState, PageHeader, QueryState } from "@/components/ui/states";
import { useAlerts, useUpdateRule } from "./queries";

const SEVERITY_TONE: Record<AlertView["severity"], Tone> = { critical: "red", warning: "amber", info: "blue" };
const STATE_TONE: Record<AlertView["state"], Tone> = { firing: "red", pending: "amber", resolved: "green" };

export function AlertList({
  alerts,
  compact,
  label = "Active alerts",
}: {
  alerts: AlertView[];
  compact?: boolean;
  label?: string;
}) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={label}>
      {alerts.map((a) => (
        <li
          key={a.id}
          className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2 text-sm"
          data-rule={a.rule}
          data-state={a.state}
        >
          <Badge tone={STATE_TONE[a.state]}>{a.state}</Badge>
          <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>
          <span className="font-medium">{a.rule}</span>
          <span className="font-mono text-xs text-zinc-500">{a.subject}</span>
          <span className="ml-auto text-xs text-zinc-500" title={dateTime(a.firedAt ?? a.pendingSince)}>
            {a.state === "firing"
              ? `firing ${relativeTime(a.firedAt)}`
              : a.state === "pending"
                ? `pending ${relativeTime(a.pendingSince)}`
                : `resolved ${relativeTime(a.resolvedAt)}`}
          </span>
          <p className="w-full text-xs text-zinc-600 dark:text-zinc-400">
            {a.summary}
            {!compact && a.webhook ? ` · webhook ${a.webhook}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function AlertsPage() {
  const alerts = useAlerts();
  const role = useSession().data?.user.role ?? "viewer";
  const canEdit = hasRole(role, "admin");
  return (
    <>
      <PageHeader
        title="Alerts"
        description="The seed's rules evaluated by this app after every probe cycle (pending until they have held for their duration), with Prometheus' own active alerts beside them."
      />
      <QueryState query={alerts} errorTitle="Could not load alerts">
        {(a) => (
          <div className="space-y-6">
            <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <Card title={`Active (${a.active.length})`}>
                {a.active.length === 0 ? (
                  <EmptyState icon={BellOff} title="Nothing is firing">
                    Every rule&apos;s condition is clear.
                  </EmptyState>
                ) : (
                  <AlertList alerts={a.active} />
                )}
              </Card>
              <Card title="Prometheus">
                {a.prometheusAsked && (
                  <p className="mb-2 text-xs text-zinc-500" data-testid="prometheus-asked">
                    {a.prometheusAsked}
                  </p>
                )}
                {a.prometheus === null ? (
                  <p className="text-sm text-zinc-500">{a.prometheusError}</p>
                ) : a.prometheus.length === 0 ? (
                  <p className="text-sm text-zinc-500">Prometheus has no active alerts.</p>
                ) : (
                  <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Prometheus alerts">
                    {a.prometheus.map((a, i) => (
                      <li key={`${a.name}-${i}`} className="flex flex-wrap gap-2 py-2 text-sm">
                        <Badge tone={a.state === "firing" ? "red" : "amber"}>{a.state}</Badge>
                        {a.severity && <Badge tone={a.severity === "critical" ? "red" : "amber"}>{a.severity}</Badge>}
                        <span className="font-medium">{a.name}</span>
                        <span className="ml-auto text-xs text-zinc-500">{relativeTime(a.activeAt)}</span>
                        {a.summary && <p className="w-full text-xs text-zinc-500">{a.summary}</p>}
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </div>
            <Card
              title="Rules"
              action={
                !canEdit ? (
                  <span className="text-xs text-zinc-500">admins can edit</span>
                ) : a.webhook ? (
                  <Badge tone="blue">webhook on</Badge>
                ) : (
                  <span className="text-xs text-zinc-500">no webhook (NEXUS_ALERT_WEBHOOK_URL)</span>
                )
              }
            >
              <div className="overflow-x-auto">
                <table className="w-full min-w-[40rem] text-left text-sm" aria-label="Alert rules">
                  <thead className="text-xs uppercase text-zinc-500">
                    <tr>
                      <th className="py-1.5 pr-3">Rule</th>
                      <th className="pr-3">Threshold</th>
                      <th className="pr-3">For (s)</th>
                      <th className="pr-3">Severity</th>
                      <th className="pr-3">Enabled</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {a.rules.map((r) => (
                      <RuleRow key={`${r.id}-${r.updatedAt}`} rule={r} canEdit={canEdit} />
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
            <Card title="Recently resolved">
              {a.history.length === 0 ? (
                <p className="text-sm text-zinc-500">No alert has resolved yet.</p>
              ) : (
                <AlertList alerts={a.history} label="Resolved alerts" />
              )}
            </Card>
          </div>
        )}
      </QueryState>
    </>
  );
}

function RuleRow({ rule, canEdit }: { rule: AlertRuleView; canEdit: boolean }) {
  const update = useUpdateRule();
  const [threshold, setThreshold] = useState(String(rule.threshold));
  const [forSeconds, setForSeconds] = useState(String(rule.forSeconds));
  const [severity, setSeverity] = useState(rule.severity);
  const [enabled, setEnabled] = useState(rule.enabled);
  const dirty =
    threshold !== String(rule.threshold) ||
    forSeconds !== String(rule.forSeconds) ||
    severity !== rule.severity ||
    enabled !== rule.enabled;
  const save = () =>
    update.mutate(
      { id: rule.id, patch: { threshold: Number(threshold), forSeconds: Number(forSeconds), severity, enabled } },
      { onSuccess: () => toast.success(`${rule.name} saved`), onError: (e) => toast.error(e.message) },
    );
  const thresholdUsed = rule.kind !== "service_down";
  return (
    <tr className="border-t border-zinc-100 align-top dark:border-zinc-800" data-rule={rule.name}>
      <td className="py-2 pr-3">
        <div className="flex items-center gap-2 font-medium">
          <Bell className="size-3.5 text-zinc-400" aria-hidden />
          {rule.name}
        </div>
        <div className="text-xs text-zinc-500">{rule.description}</div>
        {rule.updatedBy && (
          <div className="text-[11px] text-zinc-400">
            changed by {rule.updatedBy} {relativeTime(rule.updatedAt)}
          </div>
        )}
      </td>
      <td className="pr-3">
        {canEdit && thresholdUsed ? (
          <Input
            aria-label={`${rule.name} threshold`}
            className="w-24 min-w-24"
            type="number"
            min={0}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        ) : thresholdUsed ? (
          rule.threshold
        ) : (
          "—"
        )}
      </td>
      <td className="pr-3">
        {canEdit ? (
          <Input
            aria-label={`${rule.name} duration in seconds`}
            className="w-20 min-w-20"
            type="number"
            min={0}
            value={forSeconds}
            onChange={(e) => setForSeconds(e.target.value)}
          />
        ) : (
          rule.forSeconds
        )}
      </td>
      <td className="pr-3">
        {canEdit ? (
          <Select
            aria-label={`${rule.name} severity`}
            className="w-32 min-w-32"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as AlertRuleView["severity"])}
          >
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </Select>
        ) : (
          <Badge tone={SEVERITY_TONE[rule.severity]}>{rule.severity}</Badge>
        )}
      </td>
      <td className="pr-3">
        {canEdit ? (
          <input
            type="checkbox"
            aria-label={`${rule.name} enabled`}
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            className="mt-2 size-4 accent-indigo-600"
          />
        ) : rule.enabled ? (
          "yes"
        ) : (
          "no"
        )}
      </td>
      <td>
        {canEdit && (
          <Button size="sm" onClick={save} disabled={!dirty || update.isPending}>
            Save
          </Button>
        )}
      </td>
    </tr>
  );
}
