#!/usr/bin/env node
// The production server (`npm start`, the e2e suite and the benches run it; `next start` works too, without the
// fast path): Next.js in a plain Node HTTP server that answers the few high-volume API routes of
// server/http/fast-routes.ts itself. Next.js' per-request routing costs more than those handlers do (a public
// GET tops out near 1,300 requests/s on 2 cores through it, 40,000 without it), and reporters send one OpenLineage
// event per request. The handlers are the same ones the app/ route files export, registered on globalThis once
// the runtime has booted (instrumentation.ts); until then, and for every other request, Next.js answers.
// Configuration: HOST (default 127.0.0.1), PORT (default 3000), NEXT_DIST_DIR. `npm start` and the benches run it
// with --max-semi-space-size=64 (fewer young-generation collections under many small requests).
import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES } from "node:http";
import next from "next";
import { allowedHostsFromEnv, isAllowedHost, misdirectedProblem } from "../server/http/allowed-hosts.mjs";
import { apiSecurityHeaders } from "../server/http/security-headers.mjs";

const root = new URL("..", import.meta.url).pathname;
const port = Number(process.env.PORT || "3000");
const hostname = process.env.HOST || "127.0.0.1";
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Invalid configuration:\n  - PORT: must be a number from 1 to 65535 (got "${process.env.PORT}")`);
  process.exit(78);
}

const app = next({ dir: root, dev: false, hostname, port });
// NEXUS_ALLOWED_HOSTS is validated with the rest of the configuration when the runtime boots (server/config.ts).
const allowed = allowedHostsFromEnv(process.env);
const FAST = Symbol.for("nexus.fast-routes");
const fastRoutes = () => globalThis[FAST];
// server/http/methods.ts refuseMethod: the 405 (with Allow) for a method the path's route does not define, or null.
const METHOD_GUARD = Symbol.for("nexus.method-guard");
const refuseMethod = (method, target, requestId) => globalThis[METHOD_GUARD]?.(method, target, typeof requestId === "string" ? requestId : undefined) ?? null;
const noParams = Promise.resolve({});
// The socket's address reaches route handlers in this header (server/http/client-address.ts), set on every request
// over any copy the client sent; the mark tells them that this server is in front and the header can be believed.
const PEER_HEADER = "x-nexus-peer-address";
globalThis[Symbol.for("nexus.peer-header")] = true;

/** Bytes of an oversized body read and thrown away so that the client sees the 413 (as Node.js does), at most. */
const DISCARD_LIMIT = 64 * 1024 * 1024;

/**
 * The request body, read up to `max` bytes: a longer one is cut at max + 1 bytes (the route answers 413) and the
 * rest is read and dropped, up to DISCARD_LIMIT, past which the connection is closed. A declared length over the
 * limit is answered from the header alone.
 */
function readBody(req, max) {
  const declared = Number(req.headers["content-length"]);
  const drop = () => {
    let dropped = 0;
    req.on("data", (d) => { if ((dropped += d.length) > DISCARD_LIMIT) req.destroy(); });
  };
  if (Number.isFinite(declared) && declared > max) {
    // The route refuses it from the declared length; what is sent is dropped, or not waited for when it is huge.
    if (declared <= DISCARD_LIMIT) drop();
    return Promise.resolve({ body: Buffer.alloc(0), close: declared > DISCARD_LIMIT });
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let total = 0;
    const onData = (c) => {
      chunks.push(c);
      total += c.length;
      if (total > max) {
        req.off("data", onData);
        drop();
        resolve({ body: Buffer.concat(chunks).subarray(0, max + 1), close: false });
      }
    };
    req.on("data", onData);
    req.on("end", () => resolve({ body: Buffer.concat(chunks, total), close: false }));
    req.on("error", reject);
  });
}

// Bodies already read, handed to server/http/body.ts with their Request (a stream again would cost more than the handler).
const prereadBodies = (globalThis[Symbol.for("nexus.preread-bodies")] ??= new WeakMap());

/** The Node request as a web Request, as Next.js builds it for route handlers (x-forwarded-* from the socket). */
function toWebRequest(req, body) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  headers.set(PEER_HEADER, req.headers[PEER_HEADER]); // replaces a copy the client sent
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", "http");
  const given = headers.get("host");
  const host = given && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(given) ? given : `${hostname}:${port}`;
  const request = new Request(`http://${host}${req.url}`, { method: req.method, headers });
  if (req.method !== "GET" && req.method !== "HEAD") prereadBodies.set(request, body);
  return request;
}

/** Fast routes answer with small, complete bodies: sent in one write with their length. */
async function sendWebResponse(res, response, close) {
  const headers = {};
  for (const { key, value } of apiSecurityHeaders) headers[key.toLowerCase()] = value;
  response.headers.forEach((value, key) => { if (key !== "set-cookie") headers[key] = value; });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  headers["content-length"] = String(body.length);
  if (close) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}

async function answerFast({ handler, maxBodyBytes }, req, res) {
  try {
    const { body, close } = await readBody(req, maxBodyBytes);
    await sendWebResponse(res, await handler(toWebRequest(req, body), { params: noParams }), close);
  } catch (e) {
    // Route handlers turn their own errors into problem+json; this is a failure of the adapter or the socket.
    console.error(`Failed to handle ${req.method} ${req.url}:`, e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json", connection: "close" });
    res.end(JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500 }));
  }
}

/** The headers of a refusal: the security headers, its own, and its length. */
function refusalHeaders({ headers, body }) {
  const all = {};
  for (const { key, value } of apiSecurityHeaders) all[key.toLowerCase()] = value;
  return { ...all, ...headers, "content-length": String(Buffer.byteLength(body)) };
}

/** A refusal on a socket Node.js has not made a response for (CONNECT, a method its parser does not know). */
function writeRaw(socket, refused) {
  const lines = Object.entries({ ...refusalHeaders(refused), connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(`HTTP/1.1 ${refused.status} ${STATUS_CODES[refused.status]}\r\n${lines.join("")}\r\n${refused.body}`);
}

// Node.js' own answers to requests it cannot parse (lib/_http_server.js), kept for everything but an unknown method.
const CLIENT_ERRORS = { HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413, ERR_HTTP_REQUEST_TIMEOUT: 408 };

await app.prepare();
const handle = app.getRequestHandler();
/** A request naming a Host this server does not serve (DNS rebinding) gets 421 before anything reads it. */
function refuseForeignHost(req, res) {
  if (isAllowedHost(req.headers.host, allowed)) return false;
  const body = JSON.stringify(misdirectedProblem(req.url.split("?")[0], `r-${randomUUID().slice(0, 13)}`));
  const headers = Object.fromEntries(apiSecurityHeaders.map(({ key, value }) => [key.toLowerCase(), value]));
  res.writeHead(421, { ...headers, "content-type": "application/problem+json", "cache-control": "no-store", connection: "close" });
  res.end(body);
  return true;
}

const server = createServer((req, res) => {
  if (refuseForeignHost(req, res)) return;
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  const q = req.url.indexOf("?");
  const fast = fastRoutes()?.get(`${req.method} ${q < 0 ? req.url : req.url.slice(0, q)}`);
  if (fast) return void answerFast(fast, req, res);
  // Next.js answers TRACE with a 500 and a stack trace, and a method a route handler lacks with 405 but no Allow.
  const refused = refuseMethod(req.method, req.url, req.headers["x-request-id"]);
  if (!refused) return void handle(req, res);
  res.writeHead(refused.status, refusalHeaders(refused));
  res.end(req.method === "HEAD" ? undefined : refused.body);
});
// CONNECT (a tunnel) is not served: refused like any other method the route lacks, instead of a dropped connection.
server.on("connect", (req, socket) => {
  const refused = refuseMethod(req.method, req.url, req.headers["x-request-id"]);
  if (refused) writeRaw(socket, refused);
  else socket.destroy();
});
// Methods are case-sensitive and Node.js' parser knows a fixed list: "get" or "FOO" is a method no route defines.
server.on("clientError", (err, socket) => {
  if (!socket.writable || socket._httpMessage?.headersSent) return void socket.destroy(err);
  const [method, target] = err.code === "HPE_INVALID_METHOD" ? (err.rawPacket?.toString("latin1").split("\r\n", 1)[0] ?? "").split(" ") : [];
  const refused = method && target?.startsWith("/") ? refuseMethod(method, target) : null;
  if (refused) return writeRaw(socket, refused);
  const status = CLIENT_ERRORS[err.code] ?? 400;
  socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  socket.destroy(err);
});
server.keepAliveTimeout = 65_000;
server.on("upgrade", (req, socket, head) => {
  if (!isAllowedHost(req.headers.host, allowed)) return void socket.end("HTTP/1.1 421 Misdirected Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  Promise.resolve()
    .then(() => app.getUpgradeHandler()(req, socket, head))
    .catch((e) => {
      console.error(`Failed to handle upgrade for ${req.url}:`, e);
      socket.destroy();
    });
});
server.on("error", (e) => {
  console.error("Failed to start server:", e.message);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`Nexus Control Plane on http://${hostname}:${port}`));
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]]) process.on(sig, () => process.exit(code));
