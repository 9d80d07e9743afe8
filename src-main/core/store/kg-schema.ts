import { Worker } from 'node:worker_threads';
import type { KgSchema, SchemaClusters, SchemaEntityPage, SchemaLink, SchemaLinkTriple, SchemaType } from '../../contract/schema-types.js';
import type { DatabaseHandle, KgStore } from './kg-store.js';
import { displayName } from './names.js';
import { TYPE_PREDICATE_KEYS } from '../../contract/vocabulary.js';

/**
 * The KG's schema: types with counts, type → type links by predicate with triple counts, entities without a type,
 * and for (mostly) untyped KGs predicate domain/range clusters. All counting is SQL over the KG file; the answer is
 * cached in kg_meta under SCHEMA_META_KEY, keyed by the KG's change counter (schemaCounter).
 */
export const SCHEMA_META_KEY = 'schema.v2';

/** The cluster of entities with no triples at all. */
export const NO_TRIPLES_CLUSTER = '(no triples)';

/** Ids of the type predicate's spellings present in this KG (none: an impossible id, so `IN (…)` stays valid SQL). */
function typePredicateIds(db: DatabaseHandle): string {
  const ids = TYPE_PREDICATE_KEYS.map((k) => db.prepare('SELECT id FROM predicates WHERE key = ?').pluck().get(k) as number | undefined).filter(
    (id): id is number => typeof id === 'number',
  );
  return ids.length ? ids.join(',') : '-1';
}

/**
 * What the cached schema depends on, read cheaply: triple and entity counts and largest ids, typed entities, predicates,
 * and the change log's length and undone steps (edits that retype an entity or undo one leave counts alone but log).
 */
export function schemaCounter(db: DatabaseHandle): string {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM triples) AS t, (SELECT max(id) FROM triples) AS tm,
              (SELECT count(*) FROM entities) AS e, (SELECT max(id) FROM entities) AS em,
              (SELECT count(*) FROM entities WHERE type IS NOT NULL) AS et,
              (SELECT count(*) FROM predicates) AS p,
              (SELECT max(id) FROM change_log) AS cm, (SELECT count(*) FROM change_log WHERE undone = 1) AS cu`,
    )
    .get() as Record<string, number | null>;
  return ['t', 'tm', 'e', 'em', 'et', 'p', 'cm', 'cu'].map((k) => row[k] ?? 0).join(':');
}

/** Cluster links kept (the most frequent): a KG like FB15k-237 has about 11,000, too many to draw or to cache cheaply. */
export const MAX_CLUSTER_LINKS = 1000;

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

/**
 * A cluster's readable name. Freebase-style paths (/domain/type/property, or two joined by '.') name the subject's
 * type in their second part and the object in their last: `→ /film/film/genre` reads "film · genre" (films, by their
 * genre), `← /film/film/genre` reads "← genre" (what films have as genre).
 */
export function clusterLabel(cluster: string): string {
  if (!cluster.startsWith('→ ') && !cluster.startsWith('← ')) return cluster;
  const key = cluster.slice(2);
  const parts = key.split('/').filter(Boolean);
  if (key.startsWith('/') && parts.length >= 3) return cluster.startsWith('→ ') ? `${parts[1]} · ${parts[parts.length - 1]}` : `← ${parts[parts.length - 1]}`;
  return `${cluster.slice(0, 2)}${displayName(key)}`;
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

/** Computes the schema now (no cache). */
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

/**
 * The schema, from the KG file's cache when the KG has not changed since it was computed; otherwise computed and
 * stored (best effort: a read-only file or a busy writer just goes uncached).
 */
export function kgSchema(store: KgStore, options: { refresh?: boolean } = {}): KgSchema {
  const started = performance.now();
  const db = store.db;
  const counter = schemaCounter(db);
  const cached = options.refresh ? null : cachedSchema(store, counter);
  if (cached) return { ...cached, cached: true, ms: performance.now() - started };
  const schema = computeKgSchema(db);
  storeSchema(store, counter, schema);
  return { ...schema, cached: false, ms: performance.now() - started };
}

/** The cached schema when it was computed at this change counter. */
function cachedSchema(store: KgStore, counter: string): Omit<KgSchema, 'cached' | 'ms'> | null {
  const stored = store.getMeta(SCHEMA_META_KEY);
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as { counter: string; schema: Omit<KgSchema, 'cached' | 'ms'> };
    return parsed.counter === counter ? parsed.schema : null;
  } catch {
    return null; // a damaged cache entry: compute afresh
  }
}

/** Best effort: a read-only file or another process writing just leaves the schema uncached. */
function storeSchema(store: KgStore, counter: string, schema: Omit<KgSchema, 'cached' | 'ms'>): void {
  try {
    if (!store.db.readonly) store.setMeta(SCHEMA_META_KEY, JSON.stringify({ counter, schema }));
  } catch {
    // Another process is writing, or the file is read-only: answer without caching.
  }
}

/** KGs with more triples than this compute their schema in a worker thread (the service keeps answering meanwhile). */
export const SCHEMA_WORKER_MIN_TRIPLES = 100_000;

type ComputedSchema = Omit<KgSchema, 'cached' | 'ms'>;

function computeInWorker(path: string): Promise<ComputedSchema> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./schema-worker.mjs', import.meta.url), { workerData: { path } });
    let done = false;
    worker.once('message', (m: { schema?: ComputedSchema; error?: string }) => {
      done = true;
      if (m.schema) resolve(m.schema);
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

/**
 * kgSchema for the service: the same cache, but a large KG file's schema is computed in a worker thread on its own
 * read-only connection, so other calls are answered meanwhile. The counter is read before the computation: a KG that
 * changes during it is computed again on the next call.
 */
export async function kgSchemaAsync(store: KgStore, options: { refresh?: boolean; worker?: boolean } = {}): Promise<KgSchema> {
  const started = performance.now();
  const db = store.db;
  const counter = schemaCounter(db);
  const cached = options.refresh ? null : cachedSchema(store, counter);
  if (cached) return { ...cached, cached: true, ms: performance.now() - started };
  const triples = db.prepare('SELECT count(*) FROM triples').pluck().get() as number;
  const useWorker = options.worker ?? (store.path !== ':memory:' && triples > SCHEMA_WORKER_MIN_TRIPLES);
  if (!useWorker) return kgSchema(store, { refresh: true });
  const schema = await computeInWorker(store.path);
  storeSchema(store, counter, schema);
  return { ...schema, cached: false, ms: performance.now() - started };
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
