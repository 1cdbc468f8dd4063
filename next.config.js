import { apiContentSecurityPolicy, securityHeaders } from "./server/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package folder: bundling it breaks that.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pino",
    "prom-client",
    "dockerode",
    "ssh2",
    "@platformatic/kafka",
    "@node-rs/crc32",
  ],
  poweredByHeader: false,
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: securityHeaders,
      },
      // Pages get theirs, with a nonce, from proxy.ts; two policies would both apply.
      ...["/api/:path*", "/metrics/job/:path*"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }],
      })),
    ];
  },
};
export default nextConfig;
