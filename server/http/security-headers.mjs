// Headers on every response, from next.config.js for what Next.js serves and from scripts/serve.mjs for the
// routes it answers itself; pages get their Content-Security-Policy, with a fresh nonce, from proxy.ts.
// Plain JavaScript: next.config.js and scripts/serve.mjs load it without a compiler.
import { randomBytes } from "node:crypto";

/** Browser features this app never uses: a script injected into it cannot use them either. */
const DENIED_FEATURES = [
  "camera",
  "microphone",
  "geolocation",
  "payment",
  "usb",
  "serial",
  "hid",
  "bluetooth",
  "midi",
  "magnetometer",
  "gyroscope",
  "accelerometer",
  "display-capture",
  "screen-wake-lock",
  "xr-spatial-tracking",
  "publickey-credentials-get",
  "browsing-topics",
];

export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: DENIED_FEATURES.map((f) => `${f}=()`).join(", ") },
];

/** API responses are data, never a document: nothing in one may load or run, even when opened as a page. */
export const apiContentSecurityPolicy =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const apiSecurityHeaders = [
  ...securityHeaders,
  { key: "Content-Security-Policy", value: apiContentSecurityPolicy },
];

/**
 * Sonner (the toasts) inserts its stylesheet as a <style> element without a nonce; its hash admits exactly that
 * text. server/http/security-headers.test.ts recomputes it from the installed package, so an upgrade that changes
 * the CSS fails there rather than unstyling the toasts.
 */
export const SONNER_STYLE_HASH = "'sha256-StEaX+se6YS7pqjzrzMIA0KaX9zF/8zAhvQXZAe5epY='";

/** Sonner appends its <style> to the page before filling it: the empty element is checked first. An empty sheet does nothing. */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The policy of a page. Scripts: only those carrying this response's nonce, and what they load ('strict-dynamic'):
 * Next.js puts the nonce on its own scripts when it finds it in the request's Content-Security-Policy. Style
 * elements: the nonce (Next.js, next-themes), our stylesheets and Sonner's. Style attributes stay allowed
 * (style-src-attr): React renders `style=` for layout values (recharts, @xyflow/react, widths), and CSS cannot run
 * script. `next dev` needs eval and injects styles without the nonce.
 */
export function pageContentSecurityPolicy(nonce, { dev = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev
      ? "style-src 'self' 'unsafe-inline'"
      : `style-src 'self' 'nonce-${nonce}' ${SONNER_STYLE_HASH} ${EMPTY_STYLE_HASH}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A nonce of 128 random bits, base64. */
export function newNonce() {
  return randomBytes(16).toString("base64");
}

export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Strict-Transport-Security goes with Secure cookies: when NEXUS_SECURE_COOKIES is set or the request came over
 * HTTPS (directly or, per X-Forwarded-Proto, through a proxy). Browsers ignore it on plain HTTP, so a forged
 * X-Forwarded-Proto there changes nothing.
 */
export function wantsHsts(headers, url, secureCookiesSetting) {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return secureCookiesSetting === true || forwarded === "https" || url.startsWith("https:");
}

/** NEXUS_SECURE_COOKIES read as server/config.ts reads it, for code that runs outside the runtime (proxy.ts). */
export function secureCookiesFromEnv(env) {
  return ["true", "1", "yes"].includes(env.NEXUS_SECURE_COOKIES ?? "");
}
