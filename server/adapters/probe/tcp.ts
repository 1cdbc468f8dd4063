import "server-only";
import { connect } from "node:net";
import { describeNetworkError, ProbeFailure } from "./errors.ts";

/** Opens a TCP connection to host:port and closes it at once; ProbeFailure saying why when it cannot within the timeout. */
export function tcpConnect(hostPort: string, timeoutMs: number): Promise<void> {
  const i = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, i);
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new ProbeFailure(`timed out after ${timeoutMs} ms (${hostPort})`));
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    });
    sock.once("error", (e) => {
      clearTimeout(timer);
      reject(new ProbeFailure(describeNetworkError(e, hostPort, timeoutMs)));
    });
  });
}
