"use client";
import { Play, RotateCw, ScrollText, Square } from "lucide-react";
import { toast } from "sonner";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { StackSummary } from "@/server/stack/contract";
import { STATUS_TONE } from "@/server/stack/service-status";
import { useServiceAction, useStackStats } from "./queries";

const mib = (b: number) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GiB` : `${Math.round(b / 1024 ** 2)} MiB`);

function uptime(startedAt: string | null, state: string): string {
  if (!startedAt || state !== "running") return "—";
  const s = Math.max(0, Math.round((Date.now() - Date.parse(startedAt)) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The stack's services with live CPU and memory, and per-service logs, start, restart and stop for operators. */
export function ServicesCard({ stack, canAct, onJob, onLogs }: { stack: StackSummary; canAct: boolean; onJob: (id: string) => void; onLogs: (service: string) => void }) {
  const action = useServiceAction();
  const running = stack.services.filter((s) => s.state === "running").map((s) => s.service);
  const stats = useStackStats(stack.name, running.join(","));
  const serviceAct = (service: string, a: "start" | "stop" | "restart") =>
    action.mutate({ name: stack.name, service, action: a }, { onSuccess: (r) => { onJob(r.job.id); toast.success(`${a} ${service}`); }, onError: (e) => toast.error(e.message) });
  return (
    <Card title="Services">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[56rem] table-fixed text-left text-sm" aria-label={`Services of ${stack.name}`}>
          <thead className="text-xs uppercase text-zinc-500">
            <tr><th className="py-1.5 pr-3">Service</th><th className="w-12 pr-3">Level</th><th className="w-40 pr-3">State</th><th className="w-28 pr-3">Ports</th><th className="w-24 pr-3">Uptime</th><th className="w-20 pr-3 text-right">CPU</th><th className="w-40 pr-3 text-right">Memory</th><th className="w-32 text-right">Actions</th></tr>
          </thead>
          <tbody>
            {stack.services.map((s) => {
              const st = stats[s.service];
              return (
                <tr key={s.service} className="border-t border-zinc-100 dark:border-zinc-800" data-service={s.service}>
                  <td className="py-1.5 pr-3 [overflow-wrap:anywhere]"><span className="font-mono text-xs">{s.service}</span>{s.cluster && <span className="ml-2 text-[11px] text-zinc-500">{s.cluster}</span>}</td>
                  <td className="pr-3 text-xs text-zinc-500">{stack.levels.findIndex((l) => l.includes(s.service)) + 1 || "—"}</td>
                  <td className="overflow-hidden whitespace-nowrap pr-3" title={s.statusText}><Badge tone={STATUS_TONE[s.status] satisfies Tone}>{s.statusText}</Badge></td>
                  <td className="max-w-40 truncate pr-3 font-mono text-[11px] text-zinc-500" title={s.ports.join(", ")}>{s.ports.join(", ") || "—"}</td>
                  <td className="whitespace-nowrap pr-3 text-xs tabular-nums" data-testid={`uptime-${s.service}`}>{uptime(s.startedAt, s.state)}</td>
                  <td className="whitespace-nowrap pr-3 text-right text-xs tabular-nums" data-testid={`cpu-${s.service}`}>{st ? `${st.cpuPercent.toFixed(1)} %` : "—"}</td>
                  <td className="whitespace-nowrap pr-3 text-right text-xs tabular-nums" data-testid={`mem-${s.service}`}>{st ? `${mib(st.memoryBytes)}${st.memoryLimitBytes ? ` / ${mib(st.memoryLimitBytes)}` : ""}` : "—"}</td>
                  <td className="whitespace-nowrap text-right">
                    <span className="inline-flex gap-1">
                      {canAct && <Button size="sm" variant="ghost" onClick={() => onLogs(s.service)} disabled={s.state === "absent"} aria-label={`Logs of ${s.service}`}><ScrollText className="size-3.5" aria-hidden /></Button>}
                      {canAct && s.state !== "running" && <Button size="sm" variant="ghost" onClick={() => serviceAct(s.service, "start")} disabled={action.isPending || stack.causes.length > 0} aria-label={`Start ${s.service}`}><Play className="size-3.5" aria-hidden /></Button>}
                      {canAct && s.state === "running" && <Button size="sm" variant="ghost" onClick={() => serviceAct(s.service, "restart")} disabled={action.isPending} aria-label={`Restart ${s.service}`}><RotateCw className="size-3.5" aria-hidden /></Button>}
                      {canAct && s.state === "running" && <Button size="sm" variant="ghost" onClick={() => serviceAct(s.service, "stop")} disabled={action.isPending} aria-label={`Stop ${s.service}`}><Square className="size-3.5" aria-hidden /></Button>}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
