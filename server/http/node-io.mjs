// The production server's side of a fast route (scripts/serve.mjs): the Node request read into a web Request and
// the web Response written back. The body it reads reaches server/http/body.ts with its Request (streaming it
// through the Request again would cost more than the handler does), so the bound here and the one there agree.
//
// Plain JavaScript with its types in node-io.d.mts: scripts/serve.mjs loads it without a compiler. The bodies go
// through globalThis because Next.js bundles its own copy of this module (body.ts reads from that copy, serve.mjs
// writes into Node's): a module variable would not be shared. The symbols are read and written only here.
import { Buffer } from "node:buffer";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { apiSecurityHeaders } from "./security-headers.mjs";

const gzipAsync = promisify(gzip);
/** Bodies from this size on are gzipped for a client that accepts it (the threshold of Next.js' compression). */
const GZIP_MIN_BYTES = 1024;

const PREREAD = Symbol.for("nexus.preread-bodies");
/** @returns {WeakMap<Request, Uint8Array>} */
const prereadBodies = () => (globalThis[PREREAD] ??= new WeakMap());

/** Bytes of an oversized body read and thrown away so that the client sees the 413 (as Node.js does), at most. */
const DISCARD_LIMIT = 64 * 1024 * 1024;

/** The header in which route handlers find the socket's address (server/http/client-address.ts). */
export const PEER_HEADER = "x-nexus-peer-address";
const PEER_MARK = Symbol.for("nexus.peer-header");

/** Called by scripts/serve.mjs, which sets PEER_HEADER on every request: from then on handlers may believe it. */
export function trustPeerHeader() {
  globalThis[PEER_MARK] = true;
}

/** Whether scripts/serve.mjs is in front; without it (`next start`, `next dev`) the peer header is the client's. */
export function peerHeaderTrusted() {
  return Boolean(globalThis[PEER_MARK]);
}

/** The body scripts/serve.mjs has read for this Request, up to one byte past the limit; undefined on other paths. */
export function prereadBody(request) {
  return prereadBodies().get(request);
}

/**
 * The request body, read up to `max` bytes: a longer one is cut at max + 1 bytes (the route answers 413) and the
 * rest is read and dropped, up to DISCARD_LIMIT, past which the connection is closed. A declared length over the
 * limit is answered from the header alone.
 */
export function readBody(req, max) {
  const declared = Number(req.headers["content-length"]);
  const drop = () => {
    let dropped = 0;
    req.on("data", (d) => {
      if ((dropped += d.length) > DISCARD_LIMIT) req.destroy();
    });
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

/** The Node request as a web Request, as Next.js builds it for route handlers (x-forwarded-* from the socket). */
export function toWebRequest(req, body, fallbackHost) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  headers.set(PEER_HEADER, req.socket.remoteAddress ?? ""); // replaces a copy the client sent
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", "http");
  const given = headers.get("host");
  const host = given && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(given) ? given : fallbackHost;
  const request = new Request(`http://${host}${req.url}`, { method: req.method, headers });
  if (req.method !== "GET" && req.method !== "HEAD") prereadBodies().set(request, body);
  return request;
}

/** The security headers every API response carries, as Node's lower-case header object. */
export function apiHeaders() {
  return Object.fromEntries(apiSecurityHeaders.map(({ key, value }) => [key.toLowerCase(), value]));
}

/**
 * Whether an Accept-Encoding header admits gzip (named or `*`, with a q above 0), as Next.js' compression decides.
 * @param {string | undefined} header
 */
export function acceptsGzip(header) {
  if (!header) return false;
  let verdict = false;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (coding === "gzip") return allowed; // named: its own q decides, whatever `*` says
    if (coding === "*") verdict = allowed;
  }
  return verdict;
}

/**
 * Fast routes answer with small, complete bodies: sent in one write with their length, gzipped from 1 KiB on when
 * the client accepts it (as Next.js answers the same route).
 */
export async function sendWebResponse(res, response, close, acceptEncoding) {
  const headers = apiHeaders();
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  let body = Buffer.from(await response.arrayBuffer());
  headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : "Accept-Encoding";
  if (body.length >= GZIP_MIN_BYTES && !headers["content-encoding"] && acceptsGzip(acceptEncoding)) {
    body = await gzipAsync(body);
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = String(body.length);
  if (close) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}
