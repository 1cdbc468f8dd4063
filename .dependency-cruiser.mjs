// The layer order of docs/architecture.md, checked by `npm run lint:deps`. Layers, top to bottom: entry points (app/,
// proxy.ts, instrumentation.ts, scripts/), server/http, the composition beside the root (runtime, boot and the API-wide
// tables), the capabilities, the adapters, the shared kernel. An import points down or sideways inside one folder.
// Tests and their fixtures are left out: a test may reach into the module it tests.

const CAPS = "(system|catalog|health|stack|dlq|lineage|backup|jobs|auth|audit)";
/** The public modules of a capability: use cases (index.ts) and the client-safe contract and operation declarations. */
const PUBLIC = "(index|contract|operations)\\.ts$";
const KERNEL =
  "^server/(errors|log|metrics|bounds|storable|config|schema-problems|define-operation|event-stream|net-address)\\.ts$|^server/allowed-hosts\\.mjs$";
/** Kernel modules without a server-only import (server/server-only.test.ts): the client may use them. */
const CLIENT_SAFE_KERNEL = "^server/(bounds|define-operation)\\.ts$";
/** Modules that need every capability: above the capabilities, beside runtime.ts. */
const COMPOSITION = [
  "^server/runtime\\.ts$",
  "^server/boot\\.ts$",
  "^server/(openapi|prefetch)\\.ts$",
  "^server/fast-routes\\.mjs$",
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules form no cycle: a cycle hides which module is the lower one.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycle",
      severity: "error",
      comment:
        "Capability folders form no cycle either: jobs calling dlq that calls jobs back is one tangle, even across files.",
      scope: "folder",
      from: { path: `^server/${CAPS}` },
      to: { path: `^server/${CAPS}`, circular: true },
    },
    {
      name: "server-not-to-client",
      severity: "error",
      comment: "server/ never imports the pages (app/) or the React components (components/).",
      from: { path: "^server/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "capability-not-to-http-or-composition",
      severity: "error",
      comment:
        "A capability returns data and streams; HTTP, the composition root and the API-wide tables sit above it.",
      from: { path: `^server/${CAPS}/` },
      to: { path: ["^server/http/", ...COMPOSITION] },
    },
    {
      name: "capability-through-public-modules",
      severity: "error",
      comment: "A capability reaches another only through its index.ts, contract.ts or operations.ts.",
      from: { path: `^server/${CAPS}/` },
      to: { path: `^server/${CAPS}/`, pathNot: [`^server/$1/`, `^server/${CAPS}/${PUBLIC}`] },
    },
    {
      name: "jobs-pure-engine",
      severity: "error",
      comment:
        "server/jobs runs jobs; the handlers live in the capability that owns the work and are registered in runtime.ts. " +
        "Who may start or cancel a job (auth) and the audit trail stay reachable through their public modules.",
      from: { path: "^server/jobs/" },
      to: { path: "^server/(system|catalog|health|stack|dlq|lineage|backup)/" },
    },
    {
      name: "adapters-only-kernel",
      severity: "error",
      comment: "An adapter is I/O behind our own types: it imports the kernel and other adapters only.",
      from: { path: "^server/adapters/" },
      to: { path: "^(server|app|components|scripts)/", pathNot: ["^server/adapters/", KERNEL] },
    },
    {
      name: "kernel-pure",
      severity: "error",
      comment:
        "The shared kernel imports nothing above it: no capability, adapter, HTTP or composition module. One exception: an " +
        "operation's declaration names its least role, auth's vocabulary, from auth/contract.ts (zod only, imports nothing).",
      from: { path: KERNEL },
      to: {
        path: `^server/(${CAPS.slice(1, -1)}|adapters|http)/|^server/(runtime|boot|openapi|prefetch)\\.ts$|^server/fast-routes\\.mjs$`,
        pathNot: "^server/auth/contract\\.ts$",
      },
    },
    {
      name: "app-through-public-modules",
      severity: "error",
      comment: "Pages and route handlers reach a capability only through its index.ts, contract.ts or operations.ts.",
      from: { path: "^app/" },
      to: { path: `^server/${CAPS}/`, pathNot: `^server/${CAPS}/${PUBLIC}` },
    },
    {
      name: "composition-through-public-modules",
      severity: "error",
      comment:
        "server/http, runtime.ts, boot.ts and the API-wide tables reach a capability only through its public modules too.",
      from: { path: ["^server/http/", ...COMPOSITION] },
      to: { path: `^server/${CAPS}/`, pathNot: `^server/${CAPS}/${PUBLIC}` },
    },
    {
      name: "adapter-through-index",
      severity: "error",
      comment: "An adapter is used through its index.ts, the list of what it offers; its files are its own business.",
      from: { path: "^(server|app|scripts|bench)/", pathNot: "^server/adapters/" },
      to: { path: "^server/adapters/[^/]+/", pathNot: "^server/adapters/[^/]+/index\\.ts$" },
    },
    {
      name: "components-client-safe",
      severity: "error",
      comment: "Client components import only capabilities' contract.ts and operations.ts and the client-safe kernel.",
      from: { path: "^components/" },
      to: { path: "^server/", pathNot: [`^server/${CAPS}/(contract|operations)\\.ts$`, CLIENT_SAFE_KERNEL] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.(test|fixture)\\.tsx?$", "^(test|e2e)/", "^prisma/generated/", "^\\.next"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mjs", ".js", ".d.mts", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
