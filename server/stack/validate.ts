import "server-only";
import type { ContainerEngine } from "../adapters/docker/index.ts";
import { AppError, ValidationError } from "../errors.ts";
import { imageReferenceErrors } from "./compose/image-reference.ts";
import { parseCompose } from "./compose/parse-compose.ts";
import { groupProblems } from "./compose/problem-causes.ts";
import { composeObjectChecks } from "./compose/object-checks.ts";
import { objectFileProblems } from "./object-files.ts";
import { swarmChecks } from "./swarm/checks.ts";
import { templateFolder } from "./templates.ts";
import type { ValidateResult } from "./contract.ts";
import type { z } from "zod";

/** How to get an image onto an engine that cannot pull: the project's own images, or a saved archive. */
export function howToGet(image: string): string {
  return image.startsWith("nexus/")
    ? `${image} is not on this engine: build it with \`bash scripts/test-env/docker.sh up\``
    : `${image} is not on this engine and no registry is reachable: load it with \`docker load -i <archive>\` or build it`;
}

/**
 * Checks a Compose file without running it: YAML, interpolation (with the given .env only, never the
 * server's environment), the Compose schema, depends_on targets and cycles, host-port clashes, and
 * whether each image is on the engine. Input the server refuses to handle at all is a ValidationError (400), not a
 * problem in the result: an alias bomb, interpolation nested too deep, and image references outside the registry's
 * grammar (they are never passed to the Docker API). With a template folder, the files of its configs and secrets are
 * looked for there (missing, outside the folder, past Swarm's 500 KB); their contents are never read into the answer.
 */
export async function validateCompose(
  engine: ContainerEngine,
  yaml: string,
  dotenv?: string,
  template?: string,
): Promise<z.infer<typeof ValidateResult>> {
  const c = parseCompose({ yaml, dotenv, env: {} });
  const badImages = imageReferenceErrors(c.services);
  if (badImages.length)
    throw new ValidationError(`invalid image reference: ${badImages.map((e) => e.message).join("; ")}`, badImages);
  const problems = [...c.problems];
  if (template) problems.push(...objectFileProblems(c.objects, c.services, templateFolder(template)));
  let imagesChecked = true;
  for (const [name, s] of Object.entries(c.services)) {
    if (typeof s.image !== "string") continue;
    try {
      if (!(await engine.imageExists(s.image)))
        problems.push({ path: `services.${name}.image`, line: null, message: howToGet(s.image) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      imagesChecked = false;
      break;
    }
  }
  return {
    valid: problems.length === 0,
    problems: problems.map(({ path, line, message }) => ({ path, line, message })),
    causes: groupProblems(problems, { kind: "upload" }),
    services: Object.keys(c.services),
    levels: c.levels,
    inactive: c.inactive,
    imagesChecked,
    swarm: swarmChecks(c),
    compose: composeObjectChecks(c),
  };
}
