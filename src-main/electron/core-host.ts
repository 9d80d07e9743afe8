import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CallName, WireRequest, WireResponse } from '../contract/api.js';
import type { ProgressEvent } from '../contract/types.js';

export type HostReply = Extract<WireResponse, { result: unknown } | { error: unknown }>;

export interface HostCall {
  reply: Promise<HostReply>;
  cancel(): void;
}

/**
 * The core runs in a plain Node child (`relata host`, JSON lines on stdin/stdout), so better-sqlite3 stays built for
 * Node's ABI rather than Electron's. This is the main process's end of that pipe.
 */
export class CoreHost {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve(reply: HostReply): void; onProgress?: (event: ProgressEvent) => void }>();
  private nextId = 1;
  private exited: string | null = null;

  constructor(node: string, cli: string, kgPath?: string) {
    this.child = spawn(node, [cli, 'host', ...(kgPath ? ['--db', kgPath] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.receive(line));
    this.child.on('exit', (code, signal) => {
      this.exited = `the Relata core stopped (${signal ?? `exit code ${code}`})`;
      for (const [id, p] of this.pending) p.resolve({ id, error: { message: this.exited, kind: 'internal' } });
      this.pending.clear();
    });
  }

  private receive(line: string): void {
    if (!line.trim()) return;
    const msg = JSON.parse(line) as WireResponse;
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) return p.onProgress?.(msg.progress);
    this.pending.delete(msg.id);
    p.resolve(msg);
  }

  private send(msg: WireRequest): void {
    this.child.stdin.write(`${JSON.stringify(msg)}\n`);
  }

  call(name: CallName, input: unknown, onProgress?: (event: ProgressEvent) => void): HostCall {
    const id = this.nextId++;
    if (this.exited) return { reply: Promise.resolve({ id, error: { message: this.exited, kind: 'internal' } }), cancel: () => undefined };
    const reply = new Promise<HostReply>((resolve) => this.pending.set(id, { resolve, onProgress }));
    this.send({ id, call: name, input });
    return { reply, cancel: () => this.send({ id, cancel: true }) };
  }

  close(): void {
    this.child.stdin.end();
  }
}
