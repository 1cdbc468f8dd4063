#!/usr/bin/env node
// @ts-check
// The production server (`npm start`, the e2e suite and the benches run it; `next start` works too, without the
// fast path): Next.js in a plain Node HTTP server that answers the few high-volume API routes of
// server/fast-routes.mjs itself. Next.js' per-request routing costs more than those handlers do (a public
// GET tops out near 1,300 requests/s on 2 cores through it, 40,000 without it), and reporters send one OpenLineage
// event per request. The handlers are the same ones the app/ route files export, registered once the runtime has
// booted (instrumentation.ts); until then, and for every other request, Next.js answers. Type-checked by tsc
// (JSDoc, and the .d.mts beside each module it imports): the body reader and the response writer are the ones of
// server/http/node-io.mjs, whose bodies server/http/body.ts reads.
// Configuration: HOST (default 127.0.0.1), PORT (default 3000), NEXT_DIST_DIR, NEXUS_INSTANCES (default 1: this
// process serves; N > 1: it supervises N worker processes on the port, scripts/cluster.mjs). `npm start` and the benches run it
// with --max-semi-space-size=64 (fewer young-generation collections under many small requests).
import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES } from "node:http";
import next from "next";
import { fastRoute, refuseMethod } from "../server/fast-routes.mjs";
import { instancesFromEnv, servesRequests, superviseWorkers } from "./cluster.mjs";
import { allowedHostsFromEnv, isAllowedHost, misdirectedProblem } from "../server/allowed-hosts.mjs";
import {
  apiHeaders,
  PEER_HEADER,
  readBody,
  sendWebResponse,
  toWebRequest,
  trustPeerHeader,
} from "../server/http/node-io.mjs";

const root = new URL("..", import.meta.url).pathname;
const port = Number(process.env.PORT || "3000");
const hostname = process.env.HOST || "127.0.0.1";
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Invalid configuration:\n  - PORT: must be a number from 1 to 65535 (got "${process.env.PORT}")`);
  process.exit(78);
}

const instances = instancesFromEnv(process.env);
if (!servesRequests(instances)) {
  superviseWorkers(instances);
  await new Promise(() => {}); // the supervisor only forks, restarts and stops workers
}

const app = next({ dir: root, dev: false, hostname, port });
// NEXUS_ALLOWED_HOSTS is validated with the rest of the configuration when the runtime boots (server/config.ts).
const allowed = allowedHostsFromEnv(process.env);
const noParams = Promise.resolve({});
// The socket's address reaches route handlers in PEER_HEADER (server/http/client-address.ts), set on every request
// over any copy the client sent; the mark tells them that this server is in front and the header can be believed.
trustPeerHeader();

/**
 * @param {import("../server/fast-routes.mjs").FastRoute} fast
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function answerFast({ handler, maxBodyBytes }, req, res) {
  try {
    const { body, close } = await readBody(req, maxBodyBytes);
    await sendWebResponse(
      res,
      await handler(toWebRequest(req, body, `${hostname}:${port}`), { params: noParams }),
      close,
      req.headers["accept-encoding"],
    );
  } catch (e) {
    // Route handlers turn their own errors into problem+json; this is a failure of the adapter or the socket.
    console.error(`Failed to handle ${req.method} ${req.url}:`, e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json", connection: "close" });
    res.end(JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500 }));
  }
}

/**
 * The headers of a refusal: the security headers, its own, and its length.
 * @param {import("../server/fast-routes.mjs").Refusal} refused
 */
function refusalHeaders({ headers, body }) {
  return { ...apiHeaders(), ...headers, "content-length": String(Buffer.byteLength(body)) };
}

/**
 * A refusal on a socket Node.js has not made a response for (CONNECT, a method its parser does not know).
 * @param {import("node:stream").Duplex} socket
 * @param {import("../server/fast-routes.mjs").Refusal} refused
 */
function writeRaw(socket, refused) {
  const lines = Object.entries({ ...refusalHeaders(refused), connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(`HTTP/1.1 ${refused.status} ${STATUS_CODES[refused.status]}\r\n${lines.join("")}\r\n${refused.body}`);
}

/** @type {Record<string, number>} Node.js' own answers to requests it cannot parse (lib/_http_server.js), kept for everything but an unknown method. */
const CLIENT_ERRORS = { HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413, ERR_HTTP_REQUEST_TIMEOUT: 408 };

await app.prepare();
const handle = app.getRequestHandler();
/**
 * A request naming a Host this server does not serve (DNS rebinding) gets 421 before anything reads it.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
function refuseForeignHost(req, res) {
  if (isAllowedHost(req.headers.host, allowed)) return false;
  const body = JSON.stringify(
    misdirectedProblem((req.url ?? "/").split("?")[0] ?? "/", `r-${randomUUID().slice(0, 13)}`),
  );
  res.writeHead(421, {
    ...apiHeaders(),
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(body);
  return true;
}

const server = createServer((req, res) => {
  if (refuseForeignHost(req, res)) return;
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const fast = fastRoute(req.method, q < 0 ? url : url.slice(0, q));
  if (fast) return void answerFast(fast, req, res);
  // Next.js answers TRACE with a 500 and a stack trace, and a method a route handler lacks with 405 but no Allow.
  const refused = refuseMethod(req.method ?? "", url, req.headers["x-request-id"]);
  if (!refused) return void handle(req, res);
  res.writeHead(refused.status, refusalHeaders(refused));
  res.end(req.method === "HEAD" ? undefined : refused.body);
});
// CONNECT (a tunnel) is not served: refused like any other method the route lacks, instead of a dropped connection.
server.on("connect", (req, socket) => {
  const refused = refuseMethod(req.method ?? "", req.url ?? "/", req.headers["x-request-id"]);
  if (refused) writeRaw(socket, refused);
  else socket.destroy();
});
// Methods are case-sensitive and Node.js' parser knows a fixed list: "get" or "FOO" is a method no route defines.
server.on("clientError", (/** @type {NodeJS.ErrnoException & { rawPacket?: Buffer }} */ err, socket) => {
  const sent = /** @type {{ _httpMessage?: { headersSent: boolean } }} */ (/** @type {unknown} */ (socket))._httpMessage
    ?.headersSent;
  if (!socket.writable || sent) return void socket.destroy(err);
  const [method, target] =
    err.code === "HPE_INVALID_METHOD" ? (err.rawPacket?.toString("latin1").split("\r\n", 1)[0] ?? "").split(" ") : [];
  const refused = method && target && target.startsWith("/") ? refuseMethod(method, target) : null;
  if (refused) return writeRaw(socket, refused);
  const status = CLIENT_ERRORS[err.code ?? ""] ?? 400;
  socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  socket.destroy(err);
});
server.keepAliveTimeout = 65_000;
server.on("upgrade", (req, socket, head) => {
  if (!isAllowedHost(req.headers.host, allowed))
    return void socket.end("HTTP/1.1 421 Misdirected Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  Promise.resolve()
    .then(() => app.getUpgradeHandler()(req, socket, head))
    .catch((e) => {
      console.error(`Failed to handle upgrade for ${req.url}:`, e);
      socket.destroy();
    });
});
server.on("error", (/** @type {Error} */ e) => {
  console.error("Failed to start server:", e.message);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`Nexus Control Plane on http://${hostname}:${port}`));
for (const [sig, code] of /** @type {const} */ ([
  ["SIGINT", 130],
  ["SIGTERM", 143],
]))
  process.on(sig, () => process.exit(code));
