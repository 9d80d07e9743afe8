import Database from 'better-sqlite3';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../run/cancelled-error.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type DatabaseHandle = Database.Database;

export interface OpenOptions {
  /** Refuse to create a new file (open an existing KG only). */
  mustExist?: boolean;
  readonly?: boolean;
}

export interface WriteOptions {
  /** Cancels the job, and also the wait for another writer. */
  signal?: AbortSignal;
  /** Told once when the write has to wait for another process's (default: a line on stderr). */
  onWait?: (message: string) => void;
  /** What this write is, for a process that has to wait for it ("import", "edit"); default: the command running. */
  label?: string;
}

/** Another process held the KG's write lock for longer than this process would wait. */
export class WriterBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriterBusyError';
  }
}

/** Who holds a KG's write lock: a small file beside the KG (`KG-writer`), written by the holder. */
interface WriterInfo {
  pid: number;
  what: string;
  since: string;
}

/** The default wait for another writer: RELATA_WRITE_WAIT_S seconds, else 5 minutes. */
function defaultWriteWaitMs(): number {
  const s = Number(process.env.RELATA_WRITE_WAIT_S);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 300_000;
}

/** The connection's busy timeout for statements outside `write()` (reads, small direct writes). */
const BUSY_TIMEOUT_MS = 5000;

function processLabel(): string {
  const script = basename(process.argv[1] ?? '');
  return script.startsWith('relata') && process.argv[2] ? `relata ${process.argv[2]}` : script || 'a Relata process';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One knowledge graph = one SQLite file (WAL). The store owns the connection, runs migrations, and serialises
 * writers: `write()` runs an async job inside one transaction that either commits whole or rolls back whole.
 */
export class KgStore {
  readonly db: DatabaseHandle;
  readonly path: string;
  /** How long `write()` waits for another process's write transaction before giving up with WriterBusyError. */
  writeWaitMs = defaultWriteWaitMs();
  private writeQueue: Promise<unknown> = Promise.resolve();
  private reader: KgStore | null = null;

  private constructor(path: string, db: DatabaseHandle) {
    this.path = path;
    this.db = db;
  }

  static open(path: string, options: OpenOptions = {}): KgStore {
    if (options.mustExist && path !== ':memory:' && !existsSync(path)) {
      throw new Error(`${path}: no such KG file`);
    }
    let db: DatabaseHandle;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? false });
    } catch (err) {
      throw new Error(`${path}: cannot open KG file (${(err as Error).message})`);
    }
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!options.readonly) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('cache_size = -65536');
      db.pragma('temp_store = MEMORY');
      const store = new KgStore(path, db);
      if (!options.readonly) store.migrate();
      else store.checkVersion();
      return store;
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new Error(`${path}: not a Relata KG file (not SQLite)`);
      throw err;
    }
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private checkVersion(): number {
    const version = this.schemaVersion;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.path}: written by a newer Relata (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    return version;
  }

  private migrate(): void {
    const from = this.checkVersion();
    if (from === 0) {
      const hasTables = this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (hasTables.n > 0) throw new Error(`${this.path}: an SQLite file, but not a Relata KG`);
    }
    for (let v = from; v < SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /**
   * Runs `job` as the only writer, inside one transaction. The job may await (streaming parsers do); if it throws or
   * is cancelled, everything it wrote is rolled back and the KG is exactly as it was. Writers of this process queue;
   * a writer in another process (a CLI import beside `relata serve`) is waited for, without blocking the event loop,
   * for up to `writeWaitMs`, saying once that it waits and for whom.
   */
  write<T>(job: () => Promise<T> | T, options: WriteOptions = {}): Promise<T> {
    const run = async (): Promise<T> => {
      await this.beginWrite(options);
      const marker = this.markWriter(options.label);
      try {
        const result = await job();
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.unmarkWriter(marker);
      }
    };
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /** `BEGIN IMMEDIATE`, retried with backoff while another process holds the write lock. */
  private async beginWrite(options: WriteOptions): Promise<void> {
    const started = Date.now();
    let delay = 20;
    let told = false;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      try {
        // No busy wait inside SQLite here: it would block this thread (and a server's every other request).
        this.db.pragma('busy_timeout = 0');
        try {
          this.db.exec('BEGIN IMMEDIATE');
        } finally {
          this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        }
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      }
      const waited = Date.now() - started;
      const other = this.otherWriter();
      if (waited >= this.writeWaitMs) {
        throw new WriterBusyError(
          `${this.path} is being written by another process (${other}); gave up after waiting ${Math.round(waited / 1000)} s. Try again when it has finished (or wait longer: RELATA_WRITE_WAIT_S)`,
        );
      }
      if (!told) {
        told = true;
        const message = `waiting for another writer to finish with ${this.path} (${other})…`;
        if (options.onWait) options.onWait(message);
        else process.stderr.write(`relata: ${message}\n`);
      }
      await sleep(Math.min(delay, Math.max(1, this.writeWaitMs - waited)));
      delay = Math.min(delay * 2, 500);
    }
  }

  private get writerFile(): string | null {
    return this.path === ':memory:' || this.path === '' ? null : `${this.path}-writer`;
  }

  /** Leaves a note of who is writing, for a process that has to wait. Best effort: a read-only folder just has none. */
  private markWriter(label: string | undefined): WriterInfo | null {
    const file = this.writerFile;
    if (!file) return null;
    const info: WriterInfo = { pid: process.pid, what: label ? `${processLabel()}: ${label}` : processLabel(), since: new Date().toISOString() };
    try {
      writeFileSync(file, JSON.stringify(info));
      return info;
    } catch {
      return null;
    }
  }

  private unmarkWriter(info: WriterInfo | null): void {
    const file = this.writerFile;
    if (!file || !info) return;
    try {
      const now = JSON.parse(readFileSync(file, 'utf8')) as WriterInfo;
      if (now.pid === info.pid && now.since === info.since) unlinkSync(file);
    } catch {
      // Already gone, or another writer's note: leave it.
    }
  }

  /** The holder of the write lock, in words, from its note (when the note is there and its process alive). */
  private otherWriter(): string {
    const file = this.writerFile;
    try {
      const info = JSON.parse(readFileSync(file!, 'utf8')) as WriterInfo;
      if (isAlive(info.pid)) return `${info.what}, pid ${info.pid}, writing since ${info.since.slice(11, 19)} UTC`;
    } catch {
      // No note: a process that leaves none (an older Relata, the sqlite3 shell).
    }
    return 'another process holds its write lock';
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM kg_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO kg_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Writes everything to the main file (a "save" for users who copy the .sqlite file elsewhere). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * While this connection holds an open write transaction (an import, an edit, a materialisation), reads through it
   * would see the rows not yet committed. This read-only second connection to the same file reads the last committed
   * state instead (WAL snapshot). Null when no write is open, or for an in-memory KG (which has no second connection).
   */
  committedReader(): KgStore | null {
    if (!this.db.inTransaction || this.path === ':memory:' || this.path === '') return null;
    if (!this.reader?.db.open) this.reader = KgStore.open(this.path, { readonly: true, mustExist: true });
    return this.reader;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
    if (this.db.open) this.db.close();
  }
}
