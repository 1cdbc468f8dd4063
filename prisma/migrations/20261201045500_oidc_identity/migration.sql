-- OpenID Connect sign-in: a user's identity at the provider, and how each session was signed in.
ALTER TABLE "User" ADD COLUMN "oidcIssuer" TEXT,
ADD COLUMN "oidcSubject" TEXT;

ALTER TABLE "Session" ADD COLUMN "signedInWith" TEXT,
ADD COLUMN "idToken" TEXT;

CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");
