import type { Statement } from 'better-sqlite3';
import type { KgStore } from './kg-store.js';
import type { ProvenanceKind, Split } from '../../contract/types.js';
import { displayName } from './names.js';

export interface SourceInfo {
  kind: ProvenanceKind;
  name: string;
  detail?: unknown;
}

export interface TripleOptions {
  line?: number;
  confidence?: number;
  split?: Split | null;
  derived?: boolean;
  props?: Record<string, unknown> | null;
}

const ENTITY_CACHE_LIMIT = 400_000;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Why `key` cannot be stored as a key (a control character, NUL included), or null. */
export function badKeyReason(key: string, what = 'key'): string | null {
  const m = CONTROL_CHARS.exec(key);
  if (!m) return null;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `${what} ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)} contains a control character (${code}); keys may not hold NUL, tab, newline or other control characters`;
}

/** A key that cannot be stored; importers that know the line report it as `FILE:LINE: …`. */
export class BadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadKeyError';
  }
}

/** A new key is checked once, where it would be stored: every importer meets this guard. */
function checkKey(key: string, what: 'entity' | 'predicate'): void {
  const reason = badKeyReason(key, `${what} key`);
  if (reason) throw new BadKeyError(reason);
}

/**
 * Interns entities, predicates and literals to integer ids (with in-memory caches, the import hot path) and inserts
 * triples, skipping exact duplicates. Must be used inside `KgStore.write()`; call `finish()` before it commits.
 */
export class TripleWriter {
  readonly sourceId: number;
  added = 0;
  duplicates = 0;
  private readonly entityIds = new Map<string, number>();
  private readonly predicateIds = new Map<string, number>();
  private readonly literalIds = new Map<string, number>();
  /** Entities whose searchable text changed in this import: their FTS rows are rebuilt in finish(). */
  private readonly touched = new Set<number>();
  private readonly labelPriority = new Map<number, number>();
  private readonly st: Record<string, Statement>;

  constructor(private readonly store: KgStore, source: SourceInfo) {
    const db = store.db;
    this.st = {
      findEntity: db.prepare('SELECT id FROM entities WHERE key = ?'),
      insertEntity: db.prepare('INSERT INTO entities(key, label, type) VALUES (?, ?, ?)'),
      setLabel: db.prepare('UPDATE entities SET label = ? WHERE id = ?'),
      setTypeIfNull: db.prepare('UPDATE entities SET type = ? WHERE id = ? AND type IS NULL'),
      setProps: db.prepare('UPDATE entities SET props = ? WHERE id = ?'),
      getProps: db.prepare('SELECT props FROM entities WHERE id = ?'),
      findPredicate: db.prepare('SELECT id FROM predicates WHERE key = ?'),
      insertPredicate: db.prepare('INSERT INTO predicates(key, label) VALUES (?, ?)'),
      findLiteral: db.prepare('SELECT id FROM literals WHERE value = ? AND datatype = ? AND lang = ?'),
      insertLiteral: db.prepare('INSERT INTO literals(value, datatype, lang) VALUES (?, ?, ?)'),
      insertTriple: db.prepare(
        'INSERT OR IGNORE INTO triples(s, p, o, confidence, split, derived, source_id, source_line, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertAlias: db.prepare('INSERT OR IGNORE INTO aliases(entity_id, alias) VALUES (?, ?)'),
      deleteFts: db.prepare('DELETE FROM entity_fts WHERE rowid = ?'),
      entityText: db.prepare(
        "SELECT e.key, e.label, (SELECT group_concat(alias, ' ') FROM aliases a WHERE a.entity_id = e.id) AS aliases FROM entities e WHERE e.id = ?",
      ),
      insertFts: db.prepare('INSERT INTO entity_fts(rowid, label, aliases, key) VALUES (?, ?, ?, ?)'),
    };
    const info = db
      .prepare('INSERT INTO sources(kind, name, detail, created_at) VALUES (?, ?, ?, ?)')
      .run(source.kind, source.name, source.detail === undefined ? null : JSON.stringify(source.detail), new Date().toISOString());
    this.sourceId = Number(info.lastInsertRowid);
  }

  entity(key: string, label?: string | null, type?: string | null): number {
    let id = this.entityIds.get(key);
    if (id !== undefined) return id;
    const row = this.st.findEntity.get(key) as { id: number } | undefined;
    if (row) {
      id = row.id;
      if (type) this.st.setTypeIfNull.run(type, id);
      if (label) this.setLabel(id, label, 1);
    } else {
      checkKey(key, 'entity');
      id = Number(this.st.insertEntity.run(key, label ?? null, type ?? null).lastInsertRowid);
      this.touched.add(id);
    }
    // Bounded cache: memory stays flat however many entities a file has (a miss costs one indexed lookup).
    if (this.entityIds.size >= ENTITY_CACHE_LIMIT) this.entityIds.clear();
    this.entityIds.set(key, id);
    return id;
  }

  hasEntity(key: string): boolean {
    return this.entityIds.has(key) || this.st.findEntity.get(key) !== undefined;
  }

  /** Names a predicate (a benchmark folder's relation names file); returns false when the KG has no such predicate. */
  labelPredicate(key: string, label: string): boolean {
    return this.store.db.prepare('UPDATE predicates SET label = ? WHERE key = ?').run(label, key).changes > 0;
  }

  predicate(key: string, label?: string | null): number {
    let id = this.predicateIds.get(key);
    if (id !== undefined) return id;
    const row = this.st.findPredicate.get(key) as { id: number } | undefined;
    if (!row) checkKey(key, 'predicate');
    id = row ? row.id : Number(this.st.insertPredicate.run(key, label ?? displayName(key)).lastInsertRowid);
    this.predicateIds.set(key, id);
    return id;
  }

  /** Returns the object code of a literal: the negated literal id (see schema.ts). */
  literal(value: string, datatype = '', lang = ''): number {
    const cacheKey = `${datatype}\u0000${lang}\u0000${value}`;
    let id = this.literalIds.get(cacheKey);
    if (id === undefined) {
      const row = this.st.findLiteral.get(value, datatype, lang) as { id: number } | undefined;
      id = row ? row.id : Number(this.st.insertLiteral.run(value, datatype, lang).lastInsertRowid);
      if (this.literalIds.size < 1_000_000) this.literalIds.set(cacheKey, id);
    }
    return -id;
  }

  /** Sets an entity's label unless a label of higher priority was already set in this import. */
  setLabel(entityId: number, label: string, priority: number): void {
    const current = this.labelPriority.get(entityId) ?? 0;
    if (priority <= current) return;
    this.labelPriority.set(entityId, priority);
    this.st.setLabel.run(label, entityId);
    this.touched.add(entityId);
  }

  setType(entityId: number, type: string): void {
    this.st.setTypeIfNull.run(type, entityId);
  }

  addAlias(entityId: number, alias: string): void {
    if (this.st.insertAlias.run(entityId, alias).changes > 0) this.touched.add(entityId);
  }

  mergeProps(entityId: number, props: Record<string, unknown>): void {
    const row = this.st.getProps.get(entityId) as { props: string | null };
    const merged = { ...(row.props ? JSON.parse(row.props) : {}), ...props };
    this.st.setProps.run(JSON.stringify(merged), entityId);
  }

  /** Adds one triple; returns false when the KG already had it. */
  add(s: number, p: number, o: number, options: TripleOptions = {}): boolean {
    const info = this.st.insertTriple.run(
      s,
      p,
      o,
      options.confidence ?? 1,
      options.split ?? null,
      options.derived ? 1 : 0,
      this.sourceId,
      options.line ?? null,
      options.props ? JSON.stringify(options.props) : null,
    );
    if (info.changes > 0) {
      this.added++;
      return true;
    }
    this.duplicates++;
    return false;
  }

  /** Brings full-text search up to date for every entity this writer created or relabelled. */
  finish(): void {
    for (const id of this.touched) {
      const row = this.st.entityText.get(id) as { key: string; label: string | null; aliases: string | null };
      this.st.deleteFts.run(id);
      this.st.insertFts.run(id, row.label ?? displayName(row.key), row.aliases ?? '', row.key);
    }
    this.touched.clear();
    this.store.db
      .prepare('UPDATE sources SET detail = json_set(coalesce(detail, \'{}\'), \'$.added\', ?, \'$.duplicates\', ?) WHERE id = ?')
      .run(this.added, this.duplicates, this.sourceId);
  }
}
