import { Worker } from 'node:worker_threads';
import type { KgSchema, SchemaClusters, SchemaEntityPage, SchemaLink, SchemaLinkTriple, SchemaType } from '../../contract/schema-types.js';
import type { DatabaseHandle, KgStore } from './kg-store.js';
import { displayName } from './names.js';
import {
  applySchemaChanges,
  clusterLabel,
  MAX_CLUSTER_LINKS,
  NO_TRIPLES_CLUSTER,
  pendingChanges,
  readSchemaState,
  rebuildSchemaCounts,
  schemaFromCounts,
  typePredicateIds,
  type SchemaAnswer,
  type SchemaState,
} from './kg-schema-state.js';

export { clusterLabel, MAX_CLUSTER_LINKS, NO_TRIPLES_CLUSTER };

/**
 * The KG's schema: types with counts, type → type links by predicate with triple counts, entities without a type,
 * and for (mostly) untyped KGs predicate domain/range clusters. The counts are kept in the KG file and brought up
 * to date from the changes since they were made (kg-schema-state.ts); computeKgSchema computes them whole.
 */

/** Temp tables are per connection; a unique name keeps two computations on one connection apart. */
let tempSeq = 0;

function linksOf(db: DatabaseHandle, table: string, typeIds: string): SchemaLink[] {
  const rows = db
    .prepare(
      `SELECT l.from_type, p.key AS predicate, p.label AS plabel, l.to_type, l.n AS count
         FROM (SELECT a.t AS from_type, tr.p AS pid, b.t AS to_type, count(*) AS n
                 FROM triples tr JOIN ${table} a ON a.e = tr.s JOIN ${table} b ON b.e = tr.o
                WHERE tr.o > 0 AND tr.p NOT IN (${typeIds})
                GROUP BY a.t, tr.p, b.t) l
         JOIN predicates p ON p.id = l.pid
        ORDER BY l.n DESC, l.from_type, p.key, l.to_type`,
    )
    .all() as Array<{ from_type: string; predicate: string; plabel: string | null; to_type: string; count: number }>;
  return rows.map((r) => ({ from_type: r.from_type, predicate: r.predicate, predicate_label: r.plabel ?? displayName(r.predicate), to_type: r.to_type, count: r.count }));
}

function typesOf(db: DatabaseHandle, table: string): SchemaType[] {
  const rows = db.prepare(`SELECT t AS type, count(*) AS count FROM ${table} GROUP BY t ORDER BY count DESC, t`).all() as Array<{ type: string; count: number }>;
  return rows.map((r) => ({ type: r.type, label: r.type.startsWith('→ ') || r.type.startsWith('← ') ? clusterLabel(r.type) : displayName(r.type), count: r.count }));
}

/** Every entity in the cluster of its most frequent outgoing predicate, else incoming, else NO_TRIPLES_CLUSTER. */
function computeClusters(db: DatabaseHandle, typeIds: string): SchemaClusters {
  const table = `temp.schema_ec_${++tempSeq}`;
  db.exec(`CREATE TABLE ${table} (e INTEGER PRIMARY KEY, t TEXT NOT NULL)`);
  try {
    db.exec(
      `INSERT INTO ${table}(e, t)
         SELECT e, c FROM (SELECT tr.s AS e, '→ ' || p.key AS c, row_number() OVER (PARTITION BY tr.s ORDER BY count(*) DESC, p.key) AS rn
                             FROM triples tr JOIN predicates p ON p.id = tr.p WHERE tr.p NOT IN (${typeIds}) GROUP BY tr.s, tr.p)
          WHERE rn = 1`,
    );
    db.exec(
      `INSERT OR IGNORE INTO ${table}(e, t)
         SELECT e, c FROM (SELECT tr.o AS e, '← ' || p.key AS c, row_number() OVER (PARTITION BY tr.o ORDER BY count(*) DESC, p.key) AS rn
                             FROM triples tr JOIN predicates p ON p.id = tr.p WHERE tr.o > 0 AND tr.p NOT IN (${typeIds}) GROUP BY tr.o, tr.p)
          WHERE rn = 1`,
    );
    db.prepare(`INSERT OR IGNORE INTO ${table}(e, t) SELECT id, ? FROM entities`).run(NO_TRIPLES_CLUSTER);
    const links = linksOf(db, table, typeIds);
    return { types: typesOf(db, table), links: links.slice(0, MAX_CLUSTER_LINKS), links_total: links.length };
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** Computes the whole schema now, from the KG's tables alone (no kept counts): the reference the kept counts must equal. */
export function computeKgSchema(db: DatabaseHandle): Omit<KgSchema, 'cached' | 'ms'> {
  const typeIds = typePredicateIds(db);
  const table = `temp.schema_et_${++tempSeq}`;
  db.exec(`CREATE TABLE ${table} (e INTEGER NOT NULL, t TEXT NOT NULL, PRIMARY KEY (e, t)) WITHOUT ROWID`);
  try {
    db.exec(
      `INSERT OR IGNORE INTO ${table}(e, t)
         SELECT id, type FROM entities WHERE type IS NOT NULL AND type <> ''
         UNION SELECT tr.s, te.key FROM triples tr JOIN entities te ON te.id = tr.o WHERE tr.p IN (${typeIds}) AND tr.o > 0
         UNION SELECT tr.s, l.value FROM triples tr JOIN literals l ON l.id = -tr.o WHERE tr.p IN (${typeIds}) AND tr.o < 0`,
    );
    const entities = db.prepare('SELECT count(*) FROM entities').pluck().get() as number;
    const typed = db.prepare(`SELECT count(DISTINCT e) FROM ${table}`).pluck().get() as number;
    const untyped = db
      .prepare(
        `SELECT count(*) FROM entities x
          WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE e = x.id)
            AND x.key NOT IN (SELECT DISTINCT t FROM ${table})
            AND NOT EXISTS (SELECT 1 FROM triples WHERE p IN (${typeIds}) AND o = x.id)`,
      )
      .pluck()
      .get() as number;
    const types = typesOf(db, table);
    const links = linksOf(db, table, typeIds);
    const clusters = entities > 0 && typed * 2 < entities ? computeClusters(db, typeIds) : null;
    return { types, links, untyped, entities, clusters };
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** KGs with more triples than this build their schema counts in a worker thread (the service keeps answering). */
export const SCHEMA_WORKER_MIN_TRIPLES = 100_000;

/** Changed rows up to which the kept counts are updated on the service's thread (more: in the worker). */
export const SCHEMA_INLINE_MAX_CHANGES = 20_000;

/** Changed rows beyond this share of the KG (and SCHEMA_INLINE_MAX_CHANGES) rebuild the counts rather than update them. */
const REBUILD_SHARE = 0.25;

function rebuildAbove(db: DatabaseHandle): number {
  return Math.max(SCHEMA_INLINE_MAX_CHANGES, tripleIdSpan(db) * REBUILD_SHARE);
}

export type Freshness = 'cached' | 'updated' | 'computed';

function pendingTotal(db: DatabaseHandle, state: SchemaState): number {
  const p = pendingChanges(db, state);
  return p.triples + p.entities + p.logged;
}

/** The KG's size for the choices below, by index (a count over 10M triples costs half a second). */
function tripleIdSpan(db: DatabaseHandle): number {
  return (db.prepare('SELECT max(id) FROM triples').pluck().get() as number | null) ?? 0;
}

/** The kept counts when current (no change since they were made), else null; read in one snapshot. */
function currentCounts(db: DatabaseHandle): SchemaAnswer | null {
  const read = () => {
    const state = readSchemaState(db);
    if (!state?.ready || pendingTotal(db, state) > 0) return null;
    return schemaFromCounts(db, state);
  };
  return db.inTransaction ? read() : db.transaction(read).deferred();
}

/**
 * Brings the kept counts up to date in the caller's write transaction: applies the changes since they were made, or
 * rebuilds them (when asked, when there are none yet, or when more than a quarter of the KG changed).
 */
function updateCounts(db: DatabaseHandle, options: { refresh?: boolean; rebuild?: boolean }): { fresh: Freshness; schema: SchemaAnswer } {
  let state = readSchemaState(db);
  let fresh: Freshness = 'cached';
  if (options.refresh || !state?.ready) {
    rebuildSchemaCounts(db);
    fresh = 'computed';
  } else {
    const pending = pendingTotal(db, state);
    if (pending > 0 && options.rebuild !== false && pending > rebuildAbove(db)) {
      rebuildSchemaCounts(db);
      fresh = 'computed';
    } else if (pending > 0) {
      applySchemaChanges(db, state);
      fresh = 'updated';
    }
  }
  state = readSchemaState(db)!;
  return { fresh, schema: schemaFromCounts(db, state) };
}

function answer(schema: SchemaAnswer, fresh: Freshness, started: number): KgSchema {
  return { ...schema, cached: fresh === 'cached', ms: performance.now() - started };
}

function isBusy(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_READONLY';
}

/**
 * The schema, on this thread: from the kept counts, brought up to date first when the KG changed (in the open
 * write transaction when there is one, so they roll back with it). A read-only file, or one another process is
 * writing, is answered by computing the schema whole, without keeping it.
 */
export function kgSchema(store: KgStore, options: { refresh?: boolean } = {}): KgSchema {
  const started = performance.now();
  const { schema, fresh } = kgSchemaCounts(store, options);
  return answer(schema, fresh, started);
}

/** kgSchema, saying whether the counts were read as kept ('cached'), updated from the changes, or computed whole. */
export function kgSchemaCounts(store: KgStore, options: { refresh?: boolean } = {}): { schema: SchemaAnswer; fresh: Freshness } {
  const db = store.db;
  if (!options.refresh) {
    const now = currentCounts(db);
    if (now) return { schema: now, fresh: 'cached' };
  }
  if (db.readonly) return { schema: computeKgSchema(db), fresh: 'computed' };
  try {
    const job = db.transaction(() => updateCounts(db, options));
    return db.inTransaction ? job() : job.immediate();
  } catch (err) {
    if (!isBusy(err)) throw err;
    return { schema: computeKgSchema(db), fresh: 'computed' };
  }
}

type WorkerJob = { mode: 'compute' } | { mode: 'build' } | { mode: 'apply' };

function runWorker(path: string, job: WorkerJob): Promise<SchemaAnswer | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./schema-worker.mjs', import.meta.url), { workerData: { path, ...job } });
    let done = false;
    worker.once('message', (m: { schema?: SchemaAnswer; ok?: boolean; error?: string }) => {
      done = true;
      if (m.schema) resolve(m.schema);
      else if (m.ok) resolve(null);
      else reject(new Error(m.error ?? 'the schema worker failed'));
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the schema worker stopped (exit code ${code})`));
    });
  });
}

/** One schema update at a time per open KG: a second call waits for the first's worker, then reads its counts. */
const inFlight = new WeakMap<KgStore, Promise<unknown>>();

/**
 * kgSchema for the service. Current counts are answered at once. Otherwise a large KG file builds its counts (first
 * call, refresh, or more than a quarter changed) or applies a large change in a worker thread on its own connection,
 * so other calls are answered meanwhile; a build reads one snapshot and only holds the write lock to store the
 * counts, so edits go on during it and are applied afterwards. Small changes are applied here, in a write
 * transaction queued with this process's other writes.
 */
export async function kgSchemaAsync(store: KgStore, options: { refresh?: boolean; worker?: boolean } = {}): Promise<KgSchema> {
  const started = performance.now();
  const running = inFlight.get(store);
  if (running) await running.catch(() => undefined);
  let db = store.db;
  if (!options.refresh) {
    const now = currentCounts(db.inTransaction ? (store.committedReader()?.db ?? db) : db);
    if (now) return answer(now, 'cached', started);
  }
  const size = tripleIdSpan(db);
  const useWorker = options.worker ?? (store.path !== ':memory:' && size > SCHEMA_WORKER_MIN_TRIPLES);
  // A read-only file, or this connection in the middle of another write: compute whole from committed rows.
  if (db.readonly || db.inTransaction) {
    const reader = db.readonly ? store : store.committedReader();
    db = reader?.db ?? db;
    if (useWorker) return answer((await runWorker(store.path, { mode: 'compute' }))!, 'computed', started);
    return answer(computeKgSchema(db), 'computed', started);
  }
  if (useWorker) {
    const state = readSchemaState(db);
    const pending = state?.ready ? pendingTotal(db, state) : Infinity;
    // worker: true sends any update there (the tests' way to run both worker modes on a small KG).
    const inlineMax = options.worker ? 0 : SCHEMA_INLINE_MAX_CHANGES;
    const job: WorkerJob | null =
      options.refresh || pending > rebuildAbove(db) ? { mode: 'build' } : pending > inlineMax ? { mode: 'apply' } : null;
    if (job) {
      const work = runWorker(store.path, job);
      inFlight.set(store, work);
      try {
        await work;
      } finally {
        inFlight.delete(store);
      }
      // What changed while the worker ran is applied here (small), never rebuilt again.
      const { schema } = await store.write(() => updateCounts(db, { rebuild: false }), { label: 'schema' });
      return answer(schema, job.mode === 'build' ? 'computed' : 'updated', started);
    }
  }
  try {
    const { fresh, schema } = await store.write(() => updateCounts(db, { refresh: options.refresh }), { label: 'schema' });
    return answer(schema, fresh, started);
  } catch (err) {
    if (!isBusy(err)) throw err;
    return answer(computeKgSchema(db), 'computed', started);
  }
}

/** SQL that is true when entity `alias` has type `?` (type column, or a type triple to an entity or literal of that name). */
function hasTypeSql(alias: string, typeIds: string): string {
  return `(${alias}.type = ? OR EXISTS (SELECT 1 FROM triples tt WHERE tt.s = ${alias}.id AND tt.p IN (${typeIds})
            AND (tt.o IN (SELECT id FROM entities WHERE key = ?) OR -tt.o IN (SELECT id FROM literals WHERE value = ?))))`;
}

/** SQL that is true when entity `alias` is in cluster `?` (given as the cluster's predicate key and direction). */
function inClusterSql(alias: string, typeIds: string, cluster: string): { sql: string; params: unknown[] } {
  const topOut = `(SELECT p2.key FROM triples t2 JOIN predicates p2 ON p2.id = t2.p WHERE t2.s = ${alias}.id AND t2.p NOT IN (${typeIds}) GROUP BY t2.p ORDER BY count(*) DESC, p2.key LIMIT 1)`;
  const topIn = `(SELECT p2.key FROM triples t2 JOIN predicates p2 ON p2.id = t2.p WHERE t2.o = ${alias}.id AND t2.p NOT IN (${typeIds}) GROUP BY t2.p ORDER BY count(*) DESC, p2.key LIMIT 1)`;
  if (cluster.startsWith('→ ')) return { sql: `${topOut} = ?`, params: [cluster.slice(2)] };
  if (cluster.startsWith('← ')) return { sql: `${topOut} IS NULL AND ${topIn} = ?`, params: [cluster.slice(2)] };
  if (cluster === NO_TRIPLES_CLUSTER) return { sql: `${topOut} IS NULL AND ${topIn} IS NULL`, params: [] };
  return { sql: '0', params: [] };
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the entities of a type (or cluster), ordered by label then key, optionally narrowed by text. */
export function schemaEntities(
  store: KgStore,
  input: { type: string; cluster?: boolean; text?: string; offset?: number; limit?: number },
): SchemaEntityPage {
  const db = store.db;
  const typeIds = typePredicateIds(db);
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 50;
  // A type's members by index (entities.type, the triples' POS index) rather than a test of every entity.
  const member = input.cluster
    ? inClusterSql('x', typeIds, input.type)
    : {
        sql: `x.id IN (SELECT id FROM entities WHERE type = ? UNION SELECT s FROM triples WHERE p IN (${typeIds})
                AND (o IN (SELECT id FROM entities WHERE key = ?) OR o IN (SELECT -id FROM literals WHERE value = ?)))`,
        params: [input.type, input.type, input.type],
      };
  let where = member.sql;
  const params = [...member.params];
  const text = input.text?.trim();
  if (text) {
    where += " AND (x.key LIKE ? ESCAPE '\\' OR x.label LIKE ? ESCAPE '\\')";
    params.push(likePattern(text), likePattern(text));
  }
  // A cluster named by a predicate only has members among that predicate's subjects (or objects): start from those.
  let from = 'entities x';
  if (input.cluster && input.type.startsWith('→ ')) from = `entities x WHERE x.id IN (SELECT s FROM triples WHERE p = (SELECT id FROM predicates WHERE key = ?)) AND`;
  else if (input.cluster && input.type.startsWith('← ')) from = `entities x WHERE x.id IN (SELECT o FROM triples WHERE p = (SELECT id FROM predicates WHERE key = ?)) AND`;
  else from = 'entities x WHERE';
  const head = from.includes('?') ? [input.type.slice(2)] : [];
  const total = db.prepare(`SELECT count(*) FROM ${from} ${where}`).pluck().get(...head, ...params) as number;
  const rows = db
    .prepare(`SELECT x.id, x.key, x.label, x.type FROM ${from} ${where} ORDER BY coalesce(x.label, x.key), x.key LIMIT ? OFFSET ?`)
    .all(...head, ...params, limit, offset) as Array<{ id: number; key: string; label: string | null; type: string | null }>;
  return { total, offset, entities: rows.map((r) => ({ id: r.id, key: r.key, label: r.label ?? displayName(r.key), type: r.type })) };
}

/** Example triples of a link: subject of from_type, the predicate, object of to_type (types or clusters). */
export function schemaLinkTriples(
  store: KgStore,
  input: { from_type: string; predicate: string; to_type: string; cluster?: boolean; limit?: number },
): SchemaLinkTriple[] {
  const db = store.db;
  const typeIds = typePredicateIds(db);
  const a = input.cluster ? inClusterSql('s', typeIds, input.from_type) : { sql: hasTypeSql('s', typeIds), params: [input.from_type, input.from_type, input.from_type] };
  const b = input.cluster ? inClusterSql('o', typeIds, input.to_type) : { sql: hasTypeSql('o', typeIds), params: [input.to_type, input.to_type, input.to_type] };
  const rows = db
    .prepare(
      `SELECT tr.id, s.key AS s_key, s.label AS s_label, o.key AS o_key, o.label AS o_label
         FROM triples tr JOIN entities s ON s.id = tr.s JOIN entities o ON o.id = tr.o
        WHERE tr.p = (SELECT id FROM predicates WHERE key = ?) AND tr.o > 0 AND ${a.sql} AND ${b.sql}
        ORDER BY tr.id LIMIT ?`,
    )
    .all(input.predicate, ...a.params, ...b.params, input.limit ?? 20) as Array<{ id: number; s_key: string; s_label: string | null; o_key: string; o_label: string | null }>;
  return rows.map((r) => ({
    id: r.id,
    subject: { key: r.s_key, label: r.s_label ?? displayName(r.s_key) },
    predicate: input.predicate,
    object: { key: r.o_key, label: r.o_label ?? displayName(r.o_key) },
  }));
}
