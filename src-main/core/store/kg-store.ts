import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type DatabaseHandle = Database.Database;

export interface OpenOptions {
  /** Refuse to create a new file (open an existing KG only). */
  mustExist?: boolean;
  readonly?: boolean;
}

/**
 * One knowledge graph = one SQLite file (WAL). The store owns the connection, runs migrations, and serialises
 * writers: `write()` runs an async job inside one transaction that either commits whole or rolls back whole.
 */
export class KgStore {
  readonly db: DatabaseHandle;
  readonly path: string;
  private writeQueue: Promise<unknown> = Promise.resolve();

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
   * is cancelled, everything it wrote is rolled back and the KG is exactly as it was.
   */
  write<T>(job: () => Promise<T> | T): Promise<T> {
    const run = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await job();
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    };
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
