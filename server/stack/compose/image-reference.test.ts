import { describe, expect, it } from "vitest";
import { IMAGE_REFERENCE_RULES as RULE, imageReferenceProblem } from "./image-reference.ts";

const digest = `sha256:${"a".repeat(64)}`;

describe("imageReferenceProblem", () => {
  it.each([
    "nexus/debian:bookworm",
    "busybox",
    "bitnami/kafka:3.7.0",
    "apache/spark:3.5.1-scala2.12-java17-python3-ubuntu",
    "quay.io/minio/minio:RELEASE.2024-05-10T01-41-38Z",
    "localhost:5000/team/app:1",
    "localhost/app",
    "registry.example.com:443/a/b/c",
    "127.0.0.1:5000/x",
    "[::1]:5000/x:y",
    "my_app__x.y-z---w",
    `busybox@${digest}`,
    `ghcr.io/o/r:v1@${digest}`,
    "Registry.Example.com/a",
    `a:${"t".repeat(128)}`,
    "a:_tag",
  ])("accepts %s", (ref) => {
    expect(imageReferenceProblem(ref)).toBeNull();
  });

  it.each([
    ["", RULE.empty],
    ["a\u0000b", RULE.characters],
    ["a b", RULE.characters],
    ["app\n:1", RULE.characters],
    ["UPPER/case", RULE.path],
    ["Busybox", RULE.path],
    ["x:::y", RULE.path],
    ["a:", RULE.tag],
    ["a:-x", RULE.tag],
    [`a:${"t".repeat(129)}`, RULE.tag],
    ["a:b:c", RULE.path],
    ["a//b", RULE.path],
    ["a/", RULE.path],
    ["/a", RULE.path],
    [":tag", RULE.path],
    ["a_-b", RULE.path],
    ["a___b", RULE.path],
    ["-a", RULE.path],
    ["exa_mple.com/a", RULE.domain],
    ["-bad.com/a", RULE.domain],
    ["host.com:port/a", RULE.domain],
    ["a@sha256:abc", RULE.digest],
    ["a@", RULE.digest],
    [`a@sha256:${"g".repeat(64)}`, RULE.digest],
    [`a@${digest}@${digest}`, RULE.digest],
    [`${"a".repeat(256)}`, RULE.nameLength],
  ])("refuses %j: %s", (ref, rule) => {
    expect(imageReferenceProblem(ref)).toBe(rule);
  });
});
