// Headers on every response, from next.config.js for what Next.js serves and from scripts/serve.mjs for the
// routes it answers itself.
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
];
