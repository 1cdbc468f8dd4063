"use client";
import { ExternalLink, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { useOpenApi, type OpenApiDoc } from "@/components/system/queries";
import { Badge, type Tone } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";
import { ErrorPanel, Spinner } from "@/components/ui/states";

const METHOD_TONE: Record<string, Tone> = { get: "blue", post: "green", patch: "amber", put: "amber", delete: "red" };

type Op = {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tags?: string[];
  role?: string;
  /** The scope a scoped API token needs (null: none). */
  scope?: string | null;
  body?: unknown;
  params?: unknown[];
  responses?: Record<string, unknown>;
};

function operations(doc: OpenApiDoc): Map<string, Op[]> {
  const byTag = new Map<string, Op[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const o = raw as Record<string, unknown>;
      const tag = ((o.tags as string[] | undefined) ?? ["other"])[0]!;
      const body = (o.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
        "application/json"
      ]?.schema;
      const op: Op = {
        method,
        path,
        summary: o.summary as string,
        description: o.description as string,
        role: o["x-required-role"] as string,
        scope: o["x-required-scope"] as string | null | undefined,
        body,
        params: o.parameters as unknown[],
        responses: o.responses as Record<string, unknown>,
      };
      byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
    }
  }
  return byTag;
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
        {label}
      </summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-950">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

/** Operations whose method, path, summary or tag contain every word of the query. */
function matching(groups: [string, Op[]][], query: string): [string, Op[]][] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return groups;
  const hit = (tag: string, op: Op) =>
    words.every((w) => `${op.method} ${op.path} ${op.summary ?? ""} ${tag}`.toLowerCase().includes(w));
  return groups
    .map(([tag, ops]): [string, Op[]] => [tag, ops.filter((op) => hit(tag, op))])
    .filter(([, ops]) => ops.length > 0);
}

function Operation({ op }: { op: Op }) {
  return (
    <li className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={METHOD_TONE[op.method] ?? "neutral"}>{op.method.toUpperCase()}</Badge>
        <code className="min-w-0 break-all font-mono text-sm">{op.path}</code>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">— {op.summary}</span>
        <span className="ml-auto flex gap-1">
          <Badge tone={op.role === "public" ? "neutral" : "violet"}>
            {op.role === "public" ? "public" : `${op.role}+`}
          </Badge>
          {op.scope && <Badge tone="blue">{op.scope}</Badge>}
        </span>
      </div>
      {op.description && (
        <p className="mt-2 whitespace-pre-line break-words text-sm text-zinc-600 dark:text-zinc-400">
          {op.description.replace(/\*\*/g, "")}
        </p>
      )}
      {op.params && op.params.length > 0 && <Json label="Parameters" value={op.params} />}
      {op.body !== undefined && <Json label="Request body schema" value={op.body} />}
      {op.responses && <Json label={`Responses (${Object.keys(op.responses).join(", ")})`} value={op.responses} />}
    </li>
  );
}

export function ApiDocs() {
  const doc = useOpenApi();
  const [query, setQuery] = useState("");
  const all = useMemo(
    () => (doc.data ? [...operations(doc.data)].sort(([a], [b]) => a.localeCompare(b)) : []),
    [doc.data],
  );
  if (doc.isPending) return <Spinner />;
  if (doc.isError) return <ErrorPanel error={doc.error} title="Could not load the OpenAPI document" />;
  const groups = matching(all, query);
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{doc.data.info.description}</p>
        <a
          href="/api/openapi.json"
          className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          OpenAPI 3.1 JSON <ExternalLink className="size-3.5" aria-hidden />
        </a>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[13rem_1fr]">
        <div className="lg:sticky lg:top-20 lg:self-start">
          <label className="relative block">
            <span className="sr-only">Search operations</span>
            <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-400" aria-hidden />
            <Input
              type="search"
              aria-label="Search operations"
              placeholder="Search path or summary"
              className="pl-8"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") setQuery("");
              }}
            />
          </label>
          <nav aria-label="API index" className="mt-3">
            <ul className="flex flex-wrap gap-1 text-sm lg:flex-col">
              {groups.map(([tag, ops]) => (
                <li key={tag}>
                  <a
                    href={`#tag-${tag}`}
                    className="flex justify-between gap-2 rounded px-2 py-1 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
                  >
                    {tag} <span className="tabular-nums text-zinc-500">{ops.length}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div className="min-w-0 space-y-8" aria-live="polite">
          {groups.length === 0 && <p className="text-sm text-zinc-500">No operation matches “{query}”.</p>}
          {groups.map(([tag, ops]) => (
            <section key={tag} aria-labelledby={`tag-${tag}`} className="scroll-mt-20">
              <h2
                id={`tag-${tag}`}
                className="mb-3 scroll-mt-20 text-sm font-semibold uppercase tracking-wide text-zinc-500"
              >
                {tag}
              </h2>
              <ul className="space-y-3">
                {ops.map((op) => (
                  <Operation key={`${op.method} ${op.path}`} op={op} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
