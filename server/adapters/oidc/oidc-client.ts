import "server-only";
import * as oidc from "openid-client";
import type { OidcConfig } from "../../config.ts";
import { DependencyUnavailableError, SignInRefusedError } from "../../errors.ts";

/** What the browser carries between the authorization request and the callback (an HttpOnly cookie). */
export type OidcFlow = { state: string; nonce: string; codeVerifier: string };

/** The checked ID token: who signed in, at which issuer, with all its claims. */
export type OidcIdentity = { issuer: string; subject: string; claims: Record<string, unknown>; idToken: string };

export type OidcClient = {
  readonly issuer: string;
  /** Discovers the provider afresh (so a provider that went down says so here) and builds the redirect. */
  authorizationUrl(redirectUri: string): Promise<{ url: string; flow: OidcFlow }>;
  /** Exchanges the code (PKCE) and checks the ID token: signature, issuer, audience, nonce, expiry. */
  exchangeCode(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity>;
  /** The provider's end-session URL, or null when it offers none (or cannot be reached now). */
  endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null>;
};

const PROVIDER = "identity provider";

function isLoopbackHttp(issuer: string): boolean {
  return new URL(issuer).protocol === "http:";
}

/** A network failure, a timeout or a bad discovery document: the provider is not usable now. */
function unavailable(issuer: string, e: unknown): DependencyUnavailableError {
  const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
  return new DependencyUnavailableError(PROVIDER, `${issuer} did not answer discovery (${why})`, { cause: e });
}

/** What openid-client refused at the callback, as our refusal; network failures stay "unavailable". */
function refusal(issuer: string, e: unknown): Error {
  if (e instanceof oidc.AuthorizationResponseError)
    return new SignInRefusedError("provider", `the provider refused: ${e.error}`, { cause: e });
  if (e instanceof oidc.ClientError || e instanceof oidc.ResponseBodyError) {
    // openid-client's message is generic ("JWT timestamp claim value failed validation"); its cause names the claim.
    const why = e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message;
    return new SignInRefusedError("token", `the provider's answer failed our checks: ${why}`, { cause: e });
  }
  if (e instanceof TypeError || (e instanceof Error && /abort|timeout/i.test(e.name))) return unavailable(issuer, e);
  return new SignInRefusedError("token", `the sign-in could not be completed: ${String(e)}`, { cause: e });
}

/** The authorization request: fresh state, nonce and PKCE verifier, the challenge (S256) in the URL. */
async function authorizationRequest(config: oidc.Configuration, cfg: OidcConfig, redirectUri: string) {
  const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: cfg.scopes,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, flow };
}

async function exchange(config: oidc.Configuration, callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new SignInRefusedError("token", "the provider sent no ID token");
  return { issuer: claims.iss, subject: claims.sub, claims: { ...claims }, idToken: tokens.id_token };
}

export function createOidcClient(cfg: OidcConfig): OidcClient {
  let current: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    const auth = cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None();
    const run = oidc
      .discovery(new URL(cfg.issuer), cfg.clientId, undefined, auth, {
        timeout: Math.ceil(cfg.timeoutMs / 1000),
        execute: isLoopbackHttp(cfg.issuer) ? [oidc.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        current = undefined;
        throw unavailable(cfg.issuer, e);
      });
    current = run;
    return run;
  };
  const configuration = () => current ?? discover();

  return {
    issuer: cfg.issuer,
    authorizationUrl: async (redirectUri) => authorizationRequest(await discover(), cfg, redirectUri),
    async exchangeCode(callbackUrl, flow) {
      const config = await configuration();
      try {
        return await exchange(config, callbackUrl, flow);
      } catch (e) {
        if (e instanceof SignInRefusedError) throw e;
        throw refusal(cfg.issuer, e);
      }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const config = await configuration().catch(() => null);
      if (!config?.serverMetadata().end_session_endpoint) return null;
      const params: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
      if (idToken) params.id_token_hint = idToken;
      return oidc.buildEndSessionUrl(config, params).href;
    },
  };
}
