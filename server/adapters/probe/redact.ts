/** A URL or connection string fit to show: any password replaced. */
import "server-only";
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@\s]+:)[^@/\s]*@/, "$1***@");
}
