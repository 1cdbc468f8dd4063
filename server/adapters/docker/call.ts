// One Docker Engine API call as the adapter makes it, for containers and for Swarm alike: bounded in time, its
// failures translated into our errors at the boundary.
import "server-only";
import { ConflictError, DependencyUnavailableError, NotFoundError } from "../../errors.ts";

export const TIMEOUT_MS = 15_000;

export type DockerError = { statusCode?: number; code?: string; message?: string; json?: { message?: string } };

/** A Docker call bounded in time, its failures translated (see translate). */
export type Call = <T>(what: string, fn: () => Promise<T>, ms?: number) => Promise<T>;

export function bounded<T>(what: string, p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DependencyUnavailableError("docker", `${what} did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Engine failures become our errors at the boundary: unreachable → 503, a Swarm call to an engine that is no swarm
 * manager → 409 saying how to make it one, missing → 404, others kept.
 */
export function translate(what: string, e: unknown): never {
  const err = e as DockerError;
  if (e instanceof DependencyUnavailableError) throw e;
  if (err.code === "ECONNREFUSED" || err.code === "ENOENT" || err.code === "EACCES") {
    throw new DependencyUnavailableError("docker", `cannot reach the Docker engine (${err.code})`, { cause: e });
  }
  const msg = err.json?.message ?? err.message ?? String(e);
  if (err.statusCode === 503 && /not a swarm manager|swarm/i.test(msg))
    throw new ConflictError(
      `the Docker engine is not a swarm manager (${msg}); make it one with \`docker swarm init --advertise-addr 127.0.0.1\``,
    );
  if (err.statusCode === 404) throw new NotFoundError(`${what}: ${err.json?.message ?? "not found"}`);
  throw new Error(`${what}: ${msg}`, { cause: e });
}

export const call: Call = async (what, fn, ms) => {
  try {
    return await bounded(what, fn(), ms);
  } catch (e) {
    translate(what, e);
  }
};
