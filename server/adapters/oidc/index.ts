// The OpenID Connect provider, through openid-client: discovery, the authorization request, the code exchange with
// every ID token check, and RP-initiated logout.
import "server-only";
export { createOidcClient, type OidcClient, type OidcFlow, type OidcIdentity } from "./oidc-client.ts";
