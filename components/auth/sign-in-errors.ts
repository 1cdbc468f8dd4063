/**
 * What the sign-in page says for each `error` the OpenID Connect routes send back (app/api/v1/auth/oidc). A fixed
 * list: the page never shows text from the query string.
 */
export function signInErrorText(code: string | undefined, provider: string): string | null {
  switch (code) {
    case "provider":
      return `${provider} did not answer. Try again in a moment; if it keeps failing, ask an administrator to check the identity provider.`;
    case "state":
      return "This sign-in could not be matched to this browser: it was started elsewhere, took longer than 10 minutes, or was altered on the way. Start again.";
    case "token":
      return `The answer from ${provider} failed our checks (for example an expired or wrongly signed ID token). Start again; if it keeps failing, ask an administrator.`;
    case "disabled":
      return "Your Nexus account is disabled. Ask an administrator.";
    case "conflict":
      return "A Nexus user with your name already exists and is not linked to this identity provider. Ask an administrator.";
    case "last-admin":
      return `${provider} no longer makes you an admin, but you are the last enabled admin of Nexus, so your role was kept and this sign-in refused. Sign in as the break-glass admin (or have the provider grant admin to someone else first), then sign in again.`;
    case "not-configured":
      return "Single sign-on is not configured on this server.";
    case "insecure":
      return "Sign-in over plain HTTP only works on localhost: open Nexus over HTTPS.";
    default:
      return code ? "The sign-in did not complete. Start again." : null;
  }
}
