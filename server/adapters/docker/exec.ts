import "server-only";
import { once } from "node:events";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Docker from "dockerode";
import { DependencyUnavailableError, NotFoundError } from "../../errors.ts";

export type ExecResult = { exitCode: number; stderr: string };

/** Runs commands inside running containers (pg_dump, pg_restore, psql), streaming stdin and stdout. */
export type ContainerExec = {
  /**
   * Runs `cmd` in the container; its stdout is piped into `stdout` (or collected and returned when absent), `stdin`
   * is fed to it. The signal kills the stream (the process in the container ends with its pipe).
   */
  run(
    container: string,
    cmd: string[],
    io: { stdin?: Readable; stdout?: Writable; signal?: AbortSignal; env?: string[] },
  ): Promise<ExecResult & { output?: string }>;
};

const STDERR_KEEP = 16 * 1024;

export function createContainerExec(opts: { socketPath?: string } = {}): ContainerExec {
  const docker = new Docker({ socketPath: opts.socketPath ?? "/var/run/docker.sock" });
  return {
    async run(container, cmd, io) {
      let exec: Docker.Exec;
      try {
        exec = await docker.getContainer(container).exec({
          Cmd: cmd,
          Env: io.env,
          AttachStdout: true,
          AttachStderr: true,
          AttachStdin: Boolean(io.stdin),
        });
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        if (status === 404) throw new NotFoundError(`container ${container} does not exist`);
        if (status === 409) throw new DependencyUnavailableError("docker", `container ${container} is not running`);
        throw new DependencyUnavailableError("docker", `exec in ${container} failed`, { cause: e });
      }
      const stream = await exec.start({ hijack: true, stdin: Boolean(io.stdin) });
      const out = new PassThrough();
      let stderr = "";
      const err = new PassThrough().on("data", (b: Buffer) => {
        if (stderr.length < STDERR_KEEP) stderr += b.toString("utf8");
      });
      const kill = () => stream.destroy(new Error("cancelled"));
      io.signal?.addEventListener("abort", kill, { once: true });
      docker.modem.demuxStream(stream, out, err);
      stream.on("end", () => out.end());
      stream.on("error", (e: Error) => out.destroy(e));
      let output: string | undefined;
      try {
        const feeding = io.stdin ? pipeInto(io.stdin, stream) : Promise.resolve();
        const draining = io.stdout ? pipeline(out, io.stdout) : readAll(out).then((t) => void (output = t));
        await Promise.all([draining, feeding]);
      } catch (e) {
        io.signal?.throwIfAborted();
        throw new DependencyUnavailableError("docker", `exec in ${container} broke off`, { cause: e });
      } finally {
        io.signal?.removeEventListener("abort", kill);
      }
      const { ExitCode } = await exec.inspect();
      return { exitCode: ExitCode ?? -1, stderr, output };
    },
  };
}

async function readAll(from: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const b of from) chunks.push(b as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Feeds the file, then half-closes the connection so the command sees end of input. */
async function pipeInto(from: Readable, to: NodeJS.ReadWriteStream & { end(): void }): Promise<void> {
  for await (const chunk of from) {
    if (!to.write(chunk as Buffer)) await once(to as unknown as NodeJS.EventEmitter, "drain");
  }
  to.end();
}
