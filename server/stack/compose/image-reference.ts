/**
 * The image reference grammar of the Docker registry (github.com/distribution/reference, reference.go):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]        name := [ domain "/" ] path      (name at most 255 characters)
 *   domain    := host [ ":" port ]                      host := domain-component ( "." domain-component )* | "[" IPv6 "]"
 *   path      := path-component ( "/" path-component )*  path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*
 *   separator := [_.] | "__" | "-"+                     tag := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex                      algorithm := [A-Za-z][A-Za-z0-9]* ( [+._-] [A-Za-z][A-Za-z0-9]* )*, hex := [0-9a-fA-F]{32,}
 *
 * The first component is a registry host only when it contains "." or ":" or is "localhost", as Docker decides it,
 * so "UPPER/case" is a path and refused for its capitals. Checked before any image string reaches the Docker API.
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const ALLOWED = /^[A-Za-z0-9._\-/:@+[\]]+$/;
const MAX_NAME = 255;

import "server-only";
export const IMAGE_REFERENCE_RULES = {
  empty: "an image reference must not be empty",
  characters: "an image reference has only letters, digits and . _ - / : @ + [ ] (no spaces or control characters)",
  nameLength: `the repository name is at most ${MAX_NAME} characters`,
  domain: "the registry host is host[:port] (letters, digits, - and .; port digits only)",
  path: "repository path components are lowercase letters and digits, separated by '.', '_', '__' or '-', joined by '/'",
  tag: "a tag is a letter, digit or _ followed by up to 127 letters, digits, _, . or -",
  digest: "a digest is algorithm:hex with at least 32 hex digits (e.g. sha256:…)",
} as const;

/** The rule `ref` breaks, or null when it is a valid image reference. */
export function imageReferenceProblem(ref: string): string | null {
  if (ref.length === 0) return IMAGE_REFERENCE_RULES.empty;
  if (!ALLOWED.test(ref)) return IMAGE_REFERENCE_RULES.characters;
  const at = ref.indexOf("@");
  const beforeDigest = at < 0 ? ref : ref.slice(0, at);
  if (at >= 0 && !DIGEST.test(ref.slice(at + 1))) return IMAGE_REFERENCE_RULES.digest;
  const slash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.lastIndexOf(":");
  const hasTag = colon > slash;
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  if (hasTag && !TAG.test(beforeDigest.slice(colon + 1))) return IMAGE_REFERENCE_RULES.tag;
  if (name.length === 0) return IMAGE_REFERENCE_RULES.path;
  if (name.length > MAX_NAME) return IMAGE_REFERENCE_RULES.nameLength;
  const components = name.split("/");
  const first = components[0]!;
  const isDomain =
    components.length > 1 &&
    (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["));
  if (isDomain && !DOMAIN.test(first)) return IMAGE_REFERENCE_RULES.domain;
  const path = isDomain ? components.slice(1) : components;
  if (!path.every((c) => PATH_COMPONENT.test(c))) return IMAGE_REFERENCE_RULES.path;
  return null;
}

/** Every service whose image breaks the grammar, as `{ path: "services.<name>.image", message: "<name>: <rule>" }`. */
export function imageReferenceErrors(
  services: Readonly<Record<string, { image?: unknown } | null | undefined>>,
): { path: string; message: string }[] {
  return Object.entries(services).flatMap(([name, s]) => {
    const image = s && typeof s === "object" ? s.image : undefined;
    const problem = typeof image === "string" ? imageReferenceProblem(image) : null;
    return problem ? [{ path: `services.${name}.image`, message: `${name}: ${problem}` }] : [];
  });
}
