import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { CALL_NAMES, type CallName } from '../contract/api.js';
import type { RelataService } from '../core/api/handlers.js';
import { errorPayload } from './error-payload.js';
import { handleSocket } from './ws-session.js';

export interface ServerOptions {
  port?: number;
  token?: string;
  /** Folder with the built renderer (index.html and assets). */
  staticDir?: string;
  /** Largest request body accepted (uploaded files travel base64 in the body). */
  maxBodyBytes?: number;
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

export const DEFAULT_STATIC_DIR = resolve(fileURLToPath(new URL('../../out/renderer', import.meta.url)));

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only loopback names may address the server: a DNS-rebinding page cannot reach it by another host name. */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '::1';
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error(`request body larger than ${Math.round(max / 1048576)} MiB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A strict CSP for the UI: its own scripts only, no remote anything; WebSocket back to this origin. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function serveStatic(res: ServerResponse, staticDir: string, urlPath: string): void {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
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
  createReadStream(file).pipe(res);
}

/**
 * The browser face: the UI's files, `POST /api/call/<name>` (JSON in, JSON out) and a WebSocket at `/api/ws` that
 * carries calls with progress events and Cancel. Listens on 127.0.0.1 only; every API request needs the run's token.
 */
export async function startServer(service: RelataService, options: ServerOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(18).toString('base64url');
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024 * 1024;

  const server = createServer(async (req, res) => {
    if (!isLoopbackHost(req.headers.host)) return sendJson(res, 403, { error: { message: 'forbidden host', kind: 'forbidden' } });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      const given = req.headers['x-relata-token'] ?? url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, '');
      if (!sameToken(Array.isArray(given) ? given[0] : given, token)) {
        return sendJson(res, 401, { error: { message: 'missing or wrong access token', kind: 'unauthorized' } });
      }
      const m = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
      if (!m || req.method !== 'POST') return sendJson(res, 404, { error: { message: 'POST /api/call/<name>', kind: 'not-found' } });
      if (!CALL_NAMES.includes(m[1] as CallName)) return sendJson(res, 404, { error: { message: `unknown call "${m[1]}"`, kind: 'not-found' } });
      try {
        const body = await readBody(req, maxBody);
        const input = body.trim() ? JSON.parse(body) : {};
        const controller = new AbortController();
        req.on('close', () => {
          if (!res.writableEnded) controller.abort();
        });
        const result = await service.call(m[1] as CallName, input, { signal: controller.signal });
        return sendJson(res, 200, { result });
      } catch (err) {
        const payload = errorPayload(err);
        return sendJson(res, payload.kind === 'internal' ? 500 : 400, { error: payload });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { message: 'method not allowed', kind: 'invalid-input' } });
    serveStatic(res, staticDir, url.pathname === '/' ? 'index.html' : url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = !origin || isLoopbackHost(new URL(origin).host);
    if (url.pathname !== '/api/ws' || !isLoopbackHost(req.headers.host) || !originOk || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handleSocket(ws, service));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
