import type { IncomingMessage, ServerResponse } from "node:http";

export const PEER_HEADER: "x-nexus-peer-address";
export function trustPeerHeader(): void;
export function peerHeaderTrusted(): boolean;
export function prereadBody(request: Request): Uint8Array | undefined;
export function readBody(req: IncomingMessage, max: number): Promise<{ body: Uint8Array; close: boolean }>;
export function toWebRequest(req: IncomingMessage, body: Uint8Array, fallbackHost: string): Request;
export function apiHeaders(): Record<string, string>;
export function acceptsGzip(header: string | undefined): boolean;
export function sendWebResponse(
  res: ServerResponse,
  response: Response,
  close: boolean,
  acceptEncoding?: string,
): Promise<void>;
