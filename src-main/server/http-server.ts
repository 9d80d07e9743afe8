import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { CALL_NAMES, type CallName } from '../contract/api.js';
import type { RelataService } from '../core/api/handlers.js';
import { defaultReadWorkers, ReadPool } from '../core/api/read-pool.js';
import { appPath } from '../core/app-paths.js';
import { errorPayload } from './error-payload.js';
import { checkNesting, decodePath, formatBytes, isLoopbackHost, isOwnOrigin, parseRequestTarget } from './input-guards.js';
import { handleSocket } from './ws-session.js';

export interface ServerOptions {
  port?: number;
  token?: string;
  /** Folder with the built renderer (index.html and assets). */
  staticDir?: string;
  /** Largest request body accepted (uploaded files travel base64 in the body). */
  maxBodyBytes?: number;
  /**
   * Worker threads that answer plain reads (search, neighbourhood, stats…) off the request thread; 0: every call on
   * this thread. Default 2 (1 on a one-core machine), or RELATA_READ_WORKERS.
   */
  readWorkers?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

export const DEFAULT_STATIC_DIR = appPath('out', 'renderer');

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The default cap on a request body (and a WebSocket message): 64 MiB. Bigger imports go by path. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A request refused with an HTTP status and a one-line reason. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

function tooLarge(max: number): HttpError {
  return new HttpError(413, `request body larger than the ${formatBytes(max)} limit (import big files by path, or raise --max-body-mib)`, 'too-large');
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  const text = body.toString('utf8');
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(body)) throw new HttpError(400, 'request body is not valid UTF-8', 'invalid-input');
  return text;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (err) {
    status = 500;
    text = JSON.stringify({ error: { message: `cannot send the result: ${(err as Error).message}`, kind: 'internal' } });
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

const RESULT_OPEN = Buffer.from('{"result":');
const RESULT_CLOSE = Buffer.from('}');

/** A call's answer from its result's JSON (text, or UTF-8 bytes from a read worker), without parsing it again. */
function sendResult(res: ServerResponse, json: Uint8Array | string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = typeof json === 'string' ? Buffer.from(json) : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': RESULT_OPEN.length + body.length + RESULT_CLOSE.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.cork();
  res.write(RESULT_OPEN);
  res.write(body);
  res.end(RESULT_CLOSE);
  res.uncork();
}

function sendError(res: ServerResponse, status: number, message: string, kind: string): void {
  sendJson(res, status, { error: { message, kind } });
}

/** HTTP status for an error payload's kind: the caller's fault is 4xx, only a bug is 500. */
function statusFor(kind: string): number {
  switch (kind) {
    case 'internal':
      return 500;
    case 'not-found':
      return 404;
    case 'busy':
      return 409;
    default:
      return 400;
  }
}

/** A strict CSP for the UI: its own scripts only, no remote anything; WebSocket back to this origin. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function serveStatic(res: ServerResponse, staticDir: string, urlPath: string): void {
  const decoded = decodePath(urlPath);
  if (decoded === null) return sendError(res, 400, 'malformed path (bad percent-encoding or a NUL byte)', 'invalid-input');
  const rel = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
  let file = join(staticDir, rel);
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticDir, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The Relata UI is not built yet: run `npm run build` (npm start does it for you).\n');
    return;
  }
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Refuses an upgrade with a plain HTTP status line, without reading anything more from the socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The browser face: the UI's files, `POST /api/call/<name>` (JSON in, JSON out) and a WebSocket at `/api/ws` that
 * carries calls with progress events and Cancel. Listens on 127.0.0.1 only; every API request needs the run's token,
 * a loopback Host, and either no Origin (curl, scripts) or this server's own. Nothing a request holds can end the
 * process: each path validates before it parses, and a fault in one call is answered (4xx, or 500 for a bug).
 */
export async function startServer(service: RelataService, options: ServerOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(18).toString('base64url');
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isFinite(maxBody) || maxBody < 1) throw new Error(`invalid body limit ${maxBody}`);
  let port = 0;
  const readWorkers = options.readWorkers ?? defaultReadWorkers();
  if (readWorkers > 0) service.attachReadPool(new ReadPool(readWorkers));

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!isOwnOrigin(req.headers.origin, port)) return sendError(res, 403, 'forbidden origin: only this server\'s own UI (or a client without an Origin header) may call the API', 'forbidden');
    const given = req.headers['x-relata-token'] ?? url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (!sameToken(Array.isArray(given) ? given[0] : given, token)) return sendError(res, 401, 'missing or wrong access token', 'unauthorized');
    const m = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') return sendError(res, 404, 'POST /api/call/<name>', 'not-found');
    if (!CALL_NAMES.includes(m[1] as CallName)) return sendError(res, 404, `unknown call "${m[1].slice(0, 100)}"`, 'not-found');
    let body: string;
    try {
      body = await readBody(req, maxBody);
    } catch (err) {
      if (!(err instanceof HttpError)) return void res.destroy(); // the client went away mid-body
      // Stop reading an oversized body: answer, then drop the connection.
      res.setHeader('connection', 'close');
      res.once('finish', () => req.destroy());
      return sendError(res, err.status, err.message, err.kind);
    }
    let input: unknown;
    try {
      input = body.trim() ? JSON.parse(body) : {};
    } catch (err) {
      return sendError(res, 400, `invalid JSON: ${(err as Error).message}`, 'invalid-input');
    }
    const nesting = checkNesting(input);
    if (nesting) return sendError(res, 400, nesting, 'invalid-input');
    // The client going away before the answer cancels the call (an import rolls back).
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      return sendResult(res, await service.callJson(m[1] as CallName, input, { signal: controller.signal }));
    } catch (err) {
      const payload = errorPayload(err);
      return sendJson(res, statusFor(payload.kind), { error: payload });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopbackHost(req.headers.host)) return sendError(res, 403, 'forbidden host', 'forbidden');
    const url = parseRequestTarget(req.url);
    if (!url) return sendError(res, 400, 'malformed request path', 'invalid-input');
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed', 'invalid-input');
    serveStatic(res, staticDir, url.pathname === '/' ? 'index.html' : url.pathname);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug, not the caller's fault: answer it and keep serving.
      process.stderr.write(`relata serve: ${req.method} ${String(req.url).slice(0, 200)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err), kind: 'internal' } });
    });
  });
  server.headersTimeout = 30_000;

  // Frames up to twice the limit are read and refused with an answer (a close code alone would only say "lost");
  // beyond that ws closes the connection (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * maxBody });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      // Origin and Host first, from the raw headers: nothing parsed from the request can throw before these.
      if (!isLoopbackHost(req.headers.host)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (!isOwnOrigin(req.headers.origin, port)) return refuseUpgrade(socket, 403, 'Forbidden');
      const url = parseRequestTarget(req.url);
      if (!url || url.pathname !== '/api/ws') return refuseUpgrade(socket, 404, 'Not Found');
      if (!sameToken(url.searchParams.get('token'), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => handleSocket(ws, service, { maxMessageChars: maxBody }));
    } catch (err) {
      process.stderr.write(`relata serve: WebSocket upgrade: ${err instanceof Error ? err.message : String(err)}\n`);
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        if (readWorkers > 0) service.attachReadPool(null);
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
