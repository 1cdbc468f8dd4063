// Reaching services over the network for health probes: HTTP GET, TCP connect and a PostgreSQL session, each bounded.
import "server-only";
export { ProbeFailure, describeNetworkError } from "./errors.ts";
export { httpGet, type HttpAnswer } from "./http.ts";
export { tcpConnect } from "./tcp.ts";
export { postgresConnections, type PostgresConnections } from "./postgres.ts";
export { redact } from "./redact.ts";
