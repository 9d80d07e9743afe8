import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CallName, CallOptions, CallResult, WireResponse } from '../contract/api.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: CallOptions['onProgress'];
}

/** An error the core reported, with its kind (the same payload every face shows). */
export class CoreError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
  }
}

/**
 * The core service in a plain Node child (`relata host`), spoken to over the wire protocol as JSON lines. Electron
 * ships its own Node ABI; running the core under the system's Node keeps native modules (better-sqlite3) as npm
 * built them, so the app needs no electron-rebuild step.
 */
export class CoreHost {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(options: { node: string; relataBin: string; kgPath?: string }) {
    const args = [options.relataBin, 'host', ...(options.kgPath ? ['--db', options.kgPath] : [])];
    this.child = spawn(options.node, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.receive(line));
    this.child.stderr.on('data', (d) => process.stderr.write(d));
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new CoreError(`the Relata core stopped (exit ${code})`, 'internal'));
      this.pending.clear();
    });
  }

  private receive(line: string): void {
    let msg: WireResponse;
    try {
      msg = JSON.parse(line) as WireResponse;
    } catch {
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) p.onProgress?.(msg.progress);
    else {
      this.pending.delete(msg.id);
      if ('result' in msg) p.resolve(msg.result);
      else p.reject(new CoreError(msg.error.message, msg.error.kind));
    }
  }

  call<N extends CallName>(name: N, input: unknown, options: CallOptions = {}): Promise<CallResult<N>> {
    const id = this.nextId++;
    return new Promise<CallResult<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      options.signal?.addEventListener('abort', () => this.child.stdin.write(`${JSON.stringify({ id, cancel: true })}\n`), { once: true });
      this.child.stdin.write(`${JSON.stringify({ id, call: name, input })}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
