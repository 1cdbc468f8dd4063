export function parseHostEntry(entry: string): string | null;
export function invalidHostEntries(list: string): string[];
export function allowedHosts(opts: { list?: string | undefined; host: string; port: number }): Set<string>;
export function allowedHostsFromEnv(env: Record<string, string | undefined>): Set<string>;
export function isAllowedHost(
  hostHeader: string | null | undefined,
  allowed: ReadonlySet<string>,
  https?: boolean,
): boolean;
export function misdirectedProblem(
  instance: string,
  requestId: string,
): {
  type: string;
  title: string;
  status: 421;
  detail: string;
  instance: string;
  requestId: string;
};
