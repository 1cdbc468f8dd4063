import "server-only";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { getRandomValues } from "node:crypto";

/** 160 bits from the OS CSPRNG, base32: the session cookie value and API token secrets. */
export function generateSecret(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(getRandomValues(new Uint8Array(bytes)));
}

/** Stored form of a secret: SHA-256 hex. Secrets are random, so no salt or slow hash is needed. */
export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Compares two equal-length hex digests without an early exit. */
export function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export const TOKEN_PREFIX = "nxp_";

/** API token: `nxp_<id8>_<secret>`; the `<id8>` part is shown in lists so people can tell tokens apart. */
export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const prefix = generateSecret(5).slice(0, 8);
  const token = `${TOKEN_PREFIX}${prefix}_${generateSecret(24)}`;
  return { token, prefix: `${TOKEN_PREFIX}${prefix}`, hash: hashSecret(token) };
}
