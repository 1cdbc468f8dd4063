import type { LucideIcon } from "lucide-react";
import { AlertTriangle, Loader2 } from "lucide-react";
import type { ReactNode } from "react";
import { ProblemError } from "@/components/data/api-fetch";

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-6 text-sm text-zinc-500 dark:text-zinc-400">
      <Loader2 className="size-4 animate-spin" aria-hidden /> {label}
    </div>
  );
}

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-14 text-center dark:border-zinc-700 dark:bg-zinc-900/50">
      <div className="rounded-full bg-zinc-100 p-3 dark:bg-zinc-800">
        <Icon className="size-6 text-zinc-500 dark:text-zinc-400" aria-hidden />
      </div>
      <h2 className="mt-4 text-base font-semibold">{title}</h2>
      <div className="mt-2 max-w-lg text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

export function ErrorPanel({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  const detail =
    error instanceof ProblemError ? error.problem.detail : error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ProblemError ? error.problem.requestId : undefined;
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
    >
      <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <div className="font-medium">{title}</div>
        <div className="mt-1">{detail}</div>
        {requestId && <div className="mt-1 font-mono text-xs opacity-70">request id {requestId}</div>}
      </div>
    </div>
  );
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

/** What QueryState reads of a TanStack query (success when neither pending nor failed). */
export type QueryLike<T> = { isPending: boolean; isError: boolean; error: Error | null; data: T | undefined };

/**
 * A query's pending, error and empty states the one way the app shows them (a spinner, an ErrorPanel, the caller's
 * empty view), and its data otherwise. `error` replaces the ErrorPanel where a smaller note fits (a side panel).
 */
export function QueryState<T>({
  query,
  pendingLabel,
  errorTitle,
  error,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  pendingLabel?: string;
  errorTitle?: string;
  error?: (error: Error) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode | ((data: T) => ReactNode);
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spinner label={pendingLabel} />;
  if (query.isError) return error ? error(query.error!) : <ErrorPanel error={query.error} title={errorTitle} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return typeof empty === "function" ? empty(data) : empty;
  return children(data);
}
