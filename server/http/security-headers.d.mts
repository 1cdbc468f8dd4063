export const securityHeaders: { key: string; value: string }[];
export const apiContentSecurityPolicy: string;
export const apiSecurityHeaders: { key: string; value: string }[];
export const SONNER_STYLE_HASH: string;
export function pageContentSecurityPolicy(nonce: string, opts?: { dev?: boolean }): string;
export function newNonce(): string;
export const HSTS: string;
export function wantsHsts(headers: Headers, url: string, secureCookiesSetting: boolean): boolean;
export function secureCookiesFromEnv(env: Record<string, string | undefined>): boolean;
