import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Modules the browser bundle may hold: declarations and schemas, no I/O (the layer check keeps components to these). */
const CLIENT_SAFE = [
  /\/contract\.ts$/,
  /\/operations\.ts$/,
  /^server\/lineage\/seed-report-contract\.ts$/,
  /^server\/dlq\/(request-contract|s3-contract|s3-operations)\.ts$/,
  /^server\/define-operation\.ts$/,
  /^server\/bounds\.ts$/,
  /^server\/http\/cookies\.ts$/, // read by proxy.ts, which Next.js builds without the react-server condition
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.(test|fixture)\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("server-only", () => {
  it("marks every server module but the client-safe declarations, so none can reach the browser bundle", () => {
    const unmarked = sources("server").filter(
      (f) => !CLIENT_SAFE.some((re) => re.test(f)) && !readFileSync(f, "utf8").includes('import "server-only";'),
    );
    expect(unmarked).toEqual([]);
  });
});
