"use client";
import { ExternalLink } from "lucide-react";
import { useOpenApi, type OpenApiDoc } from "@/components/system/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { ErrorPanel, Spinner } from "@/components/ui/states";

const METHOD_TONE: Record<string, Tone> = { get: "blue", post: "green", patch: "amber", put: "amber", delete: "red" };

type Op = { method: string; path: string; summary?: string; description?: string; tags?: string[]; role?: string; body?: unknown; params?: unknown[]; responses?: Record<string, unknown> };

function operations(doc: OpenApiDoc): Map<string, Op[]> {
  const byTag = new Map<string, Op[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const o = raw as Record<string, unknown>;
      const tag = ((o.tags as string[] | undefined) ?? ["other"])[0]!;
      const body = (o.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.["application/json"]?.schema;
      const op: Op = { method, path, summary: o.summary as string, description: o.description as string, role: o["x-required-role"] as string, body, params: o.parameters as unknown[], responses: o.responses as Record<string, unknown> };
      byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
    }
  }
  return byTag;
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">{label}</summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-950">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function ApiDocs() {
  const doc = useOpenApi();
  if (doc.isPending) return <Spinner />;
  if (doc.isError) return <ErrorPanel error={doc.error} title="Could not load the OpenAPI document" />;
  const groups = [...operations(doc.data)].sort(([a], [b]) => a.localeCompare(b));
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{doc.data.info.description}</p>
        <a href="/api/openapi.json" className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          OpenAPI 3.1 JSON <ExternalLink className="size-3.5" aria-hidden />
        </a>
      </div>
      <div className="space-y-8">
        {groups.map(([tag, ops]) => (
          <section key={tag} aria-labelledby={`tag-${tag}`}>
            <h2 id={`tag-${tag}`} className="mb-3 text-sm font-semibold uppercase tracking-wide text-zinc-500">{tag}</h2>
            <ul className="space-y-3">
              {ops.map((op) => (
                <li key={`${op.method} ${op.path}`} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={METHOD_TONE[op.method] ?? "neutral"}>{op.method.toUpperCase()}</Badge>
                    <code className="font-mono text-sm">{op.path}</code>
                    <span className="text-sm text-zinc-600 dark:text-zinc-400">— {op.summary}</span>
                    <span className="ml-auto"><Badge tone={op.role === "public" ? "neutral" : "violet"}>{op.role === "public" ? "public" : `${op.role}+`}</Badge></span>
                  </div>
                  {op.description && <p className="mt-2 whitespace-pre-line text-sm text-zinc-600 dark:text-zinc-400">{op.description.replace(/\*\*/g, "")}</p>}
                  {op.params && op.params.length > 0 && <Json label="Parameters" value={op.params} />}
                  {op.body !== undefined && <Json label="Request body schema" value={op.body} />}
                  {op.responses && <Json label={`Responses (${Object.keys(op.responses).join(", ")})`} value={op.responses} />}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
