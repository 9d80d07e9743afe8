import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Script =
  | { kind: 'stream'; text: string }
  | { kind: 'error'; status: number; message: string }
  | { kind: 'slow'; ms: number; text: string };

export interface FakeLlm {
  url: string;
  /** Every request body received, parsed. */
  requests: Array<{ model: string; messages: Array<{ role: string; content: string }>; stream?: boolean }>;
  next(script: Script): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A small OpenAI-compatible chat-completions server on 127.0.0.1 that replays scripted replies (SSE streaming). */
export async function startFakeLlm(): Promise<FakeLlm> {
  const queue: Script[] = [];
  const requests: FakeLlm['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    requests.push(JSON.parse(await body(req)));
    const script = queue.shift() ?? { kind: 'error', status: 500, message: 'no scripted reply' };
    if (script.kind === 'error') {
      res.writeHead(script.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: script.message, type: 'server_error' } }));
      return;
    }
    if (script.kind === 'slow') await new Promise((r) => setTimeout(r, script.ms));
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = script.text.match(/.{1,12}/gs) ?? [];
    for (const piece of pieces) {
      const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    next: (s) => queue.push(s),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
