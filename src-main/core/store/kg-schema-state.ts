/**
 * The schema view's counts kept in the KG file and brought up to date from the changes alone.
 *
 * Kept (tables `schema_*`, made on the first schema call, so a KG that never shows its schema pays nothing):
 *   M(e, t)        every entity's types (type column, type triples to an entity key or a literal)
 *   types(t, n)    |{e : (e, t) ∈ M}|
 *   links(a, p, b) |{(s, p, o) : o > 0, p not a type predicate, (s, a) ∈ M, (o, b) ∈ M}|
 * and, while fewer than half the entities are typed, the same for predicate clusters (C(e, c), one cluster each).
 *
 * What changed since the counts were made: triples with id > triples_max and entities with id > entities_max (the
 * bulk of an import, found by the rowid index with no per-row cost), plus what triggers log in `schema_changes`:
 * a deleted (or re-keyed) triple with its old s, p, o; a triple inserted with an id at or below triples_max (an
 * undo putting a deleted row back under its old id); an entity deleted, re-keyed, retyped or put back (so the
 * entity count is kept too: counting a million entities costs more than the rest of an answer).
 *
 * Update, with D the entities whose types may have changed (logged or new entities, subjects of changed type
 * triples, subjects typed by a changed entity), T+ the new triples and T- the old ones gone:
 *   links -= contribution under the old M of (current triples incident to D, not in T+) ∪ T-
 *   M     := M with D's rows recomputed
 *   links += contribution under the new M of (current triples incident to D) ∪ T+
 * Every other triple has the same ends, the same types at both ends and so the same contribution before and after.
 * Clusters follow the same rule with D = the ends of changed non-type triples and the logged or new entities.
 */
import type { KgSchema, SchemaClusters, SchemaLink, SchemaType } from '../../contract/schema-types.js';
import { TYPE_PREDICATE_KEYS } from '../../contract/vocabulary.js';
import type { DatabaseHandle } from './kg-store.js';
import { displayName } from './names.js';

export type SchemaAnswer = Omit<KgSchema, 'cached' | 'ms'>;

/** The cluster of entities with no triples at all. */
export const NO_TRIPLES_CLUSTER = '(no triples)';

/** Cluster links kept (the most frequent): a KG like FB15k-237 has about 11,000, too many to draw. */
export const MAX_CLUSTER_LINKS = 1000;

/** Ids of the type predicate's spellings present in this KG (none: an impossible id, so `IN (…)` stays valid SQL). */
export function typePredicateIds(db: DatabaseHandle): string {
  const ids = TYPE_PREDICATE_KEYS.map((k) => db.prepare('SELECT id FROM predicates WHERE key = ?').pluck().get(k) as number | undefined).filter(
    (id): id is number => typeof id === 'number',
  );
  return ids.length ? ids.join(',') : '-1';
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

/** Largest row id that means "log every insert": set while the counts are being (re)built. */
const LOG_ALL = Number.MAX_SAFE_INTEGER;

const TABLES = `
  CREATE TABLE IF NOT EXISTS schema_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ready INTEGER NOT NULL,
    triples_max INTEGER NOT NULL,
    entities_max INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    typed INTEGER NOT NULL,
    clusters INTEGER NOT NULL,
    build TEXT
  );
  CREATE TABLE IF NOT EXISTS schema_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id INTEGER NOT NULL, s INTEGER, p INTEGER, o INTEGER);
  CREATE TABLE IF NOT EXISTS schema_entity_types (e INTEGER NOT NULL, t TEXT NOT NULL, PRIMARY KEY (e, t)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS schema_type_counts (t TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS schema_link_counts (a TEXT NOT NULL, p INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (a, p, b)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS schema_entity_clusters (e INTEGER PRIMARY KEY, t TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS schema_cluster_counts (t TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS schema_cluster_links (a TEXT NOT NULL, p INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (a, p, b)) WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS schema_triple_deleted AFTER DELETE ON triples
  BEGIN INSERT INTO schema_changes(kind, id, s, p, o) VALUES ('t', old.id, old.s, old.p, old.o); END;
  CREATE TRIGGER IF NOT EXISTS schema_triple_rewritten AFTER UPDATE OF id, s, p, o ON triples
  BEGIN
    INSERT INTO schema_changes(kind, id, s, p, o) VALUES ('t', old.id, old.s, old.p, old.o);
    INSERT INTO schema_changes(kind, id) VALUES ('n', new.id);
  END;
  CREATE TRIGGER IF NOT EXISTS schema_triple_put_back AFTER INSERT ON triples
  WHEN new.id <= (SELECT triples_max FROM schema_state WHERE id = 1)
  BEGIN INSERT INTO schema_changes(kind, id) VALUES ('n', new.id); END;
  CREATE TRIGGER IF NOT EXISTS schema_entity_deleted AFTER DELETE ON entities
  BEGIN INSERT INTO schema_changes(kind, id) VALUES ('ed', old.id); END;
  CREATE TRIGGER IF NOT EXISTS schema_entity_changed AFTER UPDATE OF key, type ON entities
  WHEN old.id = new.id AND (old.key IS NOT new.key OR old.type IS NOT new.type)
  BEGIN INSERT INTO schema_changes(kind, id) VALUES ('eu', old.id); END;
  CREATE TRIGGER IF NOT EXISTS schema_entity_renumbered AFTER UPDATE OF id ON entities WHEN old.id <> new.id
  BEGIN
    INSERT INTO schema_changes(kind, id) VALUES ('ed', old.id);
    INSERT INTO schema_changes(kind, id) VALUES ('ei', new.id);
  END;
  CREATE TRIGGER IF NOT EXISTS schema_entity_put_back AFTER INSERT ON entities
  WHEN new.id <= (SELECT entities_max FROM schema_state WHERE id = 1)
  BEGIN INSERT INTO schema_changes(kind, id) VALUES ('ei', new.id); END;
`;

export interface SchemaState {
  ready: boolean;
  triplesMax: number;
  entitiesMax: number;
  entities: number;
  typed: number;
  clusters: boolean;
}

/** Whether this KG file keeps schema counts at all (tables made by an earlier schema call). */
export function hasSchemaTables(db: DatabaseHandle): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_state'").get() !== undefined;
}

/** Makes the tables and triggers (idempotent); the caller holds a write transaction. */
export function createSchemaTables(db: DatabaseHandle): void {
  db.exec(TABLES);
}

export function readSchemaState(db: DatabaseHandle): SchemaState | null {
  if (!hasSchemaTables(db)) return null;
  const row = db.prepare('SELECT ready, triples_max, entities_max, entities, typed, clusters FROM schema_state WHERE id = 1').get() as
    | { ready: number; triples_max: number; entities_max: number; entities: number; typed: number; clusters: number }
    | undefined;
  if (!row) return null;
  return {
    ready: row.ready === 1,
    triplesMax: row.triples_max,
    entitiesMax: row.entities_max,
    entities: row.entities,
    typed: row.typed,
    clusters: row.clusters === 1,
  };
}

/** Rows changed since the counts were made (0: the counts are current); all by index, no scan. */
export function pendingChanges(db: DatabaseHandle, state: SchemaState): { triples: number; entities: number; logged: number } {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM triples WHERE id > ?) AS t, (SELECT count(*) FROM entities WHERE id > ?) AS e,
              (SELECT count(*) FROM schema_changes) AS l`,
    )
    .get(state.triplesMax, state.entitiesMax) as { t: number; e: number; l: number };
  return { triples: row.t, entities: row.e, logged: row.l };
}

function maxIds(db: DatabaseHandle): { triples: number; entities: number; log: number } {
  const row = db
    .prepare('SELECT (SELECT max(id) FROM triples) AS t, (SELECT max(id) FROM entities) AS e, (SELECT max(seq) FROM schema_changes) AS l')
    .get() as { t: number | null; e: number | null; l: number | null };
  return { triples: row.t ?? 0, entities: row.e ?? 0, log: row.l ?? 0 };
}

/** SQL for the types of the entities selected by `entitiesSql` (a query of one column of ids), as rows (e, t). */
function typesOfSql(entitiesSql: string, typeIds: string): string {
  return `SELECT id, type FROM entities WHERE type IS NOT NULL AND type <> '' AND id IN (${entitiesSql})
          UNION SELECT tr.s, te.key FROM triples tr JOIN entities te ON te.id = tr.o WHERE tr.p IN (${typeIds}) AND tr.o > 0 AND tr.s IN (${entitiesSql})
          UNION SELECT tr.s, l.value FROM triples tr JOIN literals l ON l.id = -tr.o WHERE tr.p IN (${typeIds}) AND tr.o < 0 AND tr.s IN (${entitiesSql})`;
}

/** The cluster (see SchemaClusters) of every entity, or of those selected by `entitiesSql`, into `table`(e, t). */
function clustersInto(db: DatabaseHandle, table: string, entitiesSql: string | null, typeIds: string): void {
  const only = (column: string) => (entitiesSql ? ` AND ${column} IN (${entitiesSql})` : '');
  db.exec(
    `INSERT INTO ${table}(e, t)
       SELECT e, c FROM (SELECT tr.s AS e, '→ ' || p.key AS c, row_number() OVER (PARTITION BY tr.s ORDER BY count(*) DESC, p.key) AS rn
                           FROM triples tr JOIN predicates p ON p.id = tr.p WHERE tr.p NOT IN (${typeIds})${only('tr.s')} GROUP BY tr.s, tr.p)
        WHERE rn = 1`,
  );
  db.exec(
    `INSERT OR IGNORE INTO ${table}(e, t)
       SELECT e, c FROM (SELECT tr.o AS e, '← ' || p.key AS c, row_number() OVER (PARTITION BY tr.o ORDER BY count(*) DESC, p.key) AS rn
                           FROM triples tr JOIN predicates p ON p.id = tr.p
                          WHERE tr.o > 0 AND tr.p NOT IN (${typeIds})${only('tr.o')} GROUP BY tr.o, tr.p)
        WHERE rn = 1`,
  );
  db.prepare(`INSERT OR IGNORE INTO ${table}(e, t) SELECT id, ? FROM entities WHERE true${only('id')}`).run(NO_TRIPLES_CLUSTER);
}

/** (a, p, b, n) of the non-type entity → entity triples given by `triplesSql` (rows s, p, o), under membership `m`. */
function contributionSql(triplesSql: string, m: string, typeIds: string, sign: '' | '-'): string {
  // CROSS JOIN keeps the triples outside: left to itself the planner may scan all of `m` for `x.o > 0`.
  return `SELECT a.t, x.p, b.t, ${sign}count(*) FROM (${triplesSql}) x CROSS JOIN ${m} a ON a.e = x.s CROSS JOIN ${m} b ON b.e = x.o
           WHERE x.o > 0 AND x.p NOT IN (${typeIds}) GROUP BY a.t, x.p, b.t`;
}

/**
 * Computes all counts from scratch into temp tables (temp.schema_build_*): the part that reads the whole KG. Runs in
 * any transaction (a read snapshot in the worker); installBuilt then moves them into the file.
 */
export function buildSchemaCounts(db: DatabaseHandle): void {
  const typeIds = typePredicateIds(db);
  dropBuild(db);
  db.exec(`CREATE TABLE temp.schema_build_m (e INTEGER NOT NULL, t TEXT NOT NULL, PRIMARY KEY (e, t)) WITHOUT ROWID;
           CREATE TABLE temp.schema_build_links (a TEXT NOT NULL, p INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL);
           CREATE TABLE temp.schema_build_c (e INTEGER PRIMARY KEY, t TEXT NOT NULL);
           CREATE TABLE temp.schema_build_clinks (a TEXT NOT NULL, p INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL);
           CREATE TABLE temp.schema_build_info (entities INTEGER NOT NULL, typed INTEGER NOT NULL, clusters INTEGER NOT NULL);`);
  db.exec(
    `INSERT OR IGNORE INTO temp.schema_build_m(e, t)
       SELECT id, type FROM entities WHERE type IS NOT NULL AND type <> ''
       UNION SELECT tr.s, te.key FROM triples tr JOIN entities te ON te.id = tr.o WHERE tr.p IN (${typeIds}) AND tr.o > 0
       UNION SELECT tr.s, l.value FROM triples tr JOIN literals l ON l.id = -tr.o WHERE tr.p IN (${typeIds}) AND tr.o < 0`,
  );
  db.exec(`INSERT INTO temp.schema_build_links ${contributionSql('SELECT s, p, o FROM triples', 'temp.schema_build_m', typeIds, '')}`);
  const entities = db.prepare('SELECT count(*) FROM entities').pluck().get() as number;
  const typed = db.prepare('SELECT count(DISTINCT e) FROM temp.schema_build_m').pluck().get() as number;
  const clusters = clustersWanted(entities, typed);
  if (clusters) {
    clustersInto(db, 'temp.schema_build_c', null, typeIds);
    db.exec(`INSERT INTO temp.schema_build_clinks ${contributionSql('SELECT s, p, o FROM triples', 'temp.schema_build_c', typeIds, '')}`);
  }
  db.prepare('INSERT INTO temp.schema_build_info(entities, typed, clusters) VALUES (?, ?, ?)').run(entities, typed, clusters ? 1 : 0);
}

function dropBuild(db: DatabaseHandle): void {
  for (const t of ['m', 'links', 'c', 'clinks', 'info']) db.exec(`DROP TABLE IF EXISTS temp.schema_build_${t}`);
}

/** Predicate clusters are kept while fewer than half the entities are typed. */
function clustersWanted(entities: number, typed: number): boolean {
  return entities > 0 && typed * 2 < entities;
}

/** Where a build started: the largest ids and log position it saw (the changes after it are applied later). */
export type BuildMark = ReturnType<typeof maxIds>;

/**
 * Marks the counts as being rebuilt (every insert logged from now on); returns the build's token, which a later
 * build (another process's) replaces, so that only the latest build stores its counts. The caller holds a write
 * transaction.
 */
export function startRebuild(db: DatabaseHandle): string {
  createSchemaTables(db);
  const token = `${process.pid}:${Date.now()}:${Math.random()}`;
  db.prepare('INSERT OR REPLACE INTO schema_state(id, ready, triples_max, entities_max, entities, typed, clusters, build) VALUES (1, 0, ?, ?, 0, 0, 0, ?)').run(
    LOG_ALL, LOG_ALL, token,
  );
  return token;
}

export function buildMark(db: DatabaseHandle): BuildMark {
  return maxIds(db);
}

/**
 * Moves the counts built by buildSchemaCounts into the file as of `mark` (the build's snapshot); the log entries made
 * after it stay, to be applied. False (nothing stored) when another build started since this one. The caller holds
 * a write transaction.
 */
export function installBuilt(db: DatabaseHandle, mark: BuildMark, token: string): boolean {
  const current = db.prepare('SELECT build FROM schema_state WHERE id = 1 AND ready = 0').pluck().get();
  if (current !== token) {
    dropBuild(db);
    return false;
  }
  for (const t of ['schema_entity_types', 'schema_type_counts', 'schema_link_counts', 'schema_entity_clusters', 'schema_cluster_counts', 'schema_cluster_links']) db.exec(`DELETE FROM ${t}`);
  db.exec(`INSERT INTO schema_entity_types(e, t) SELECT e, t FROM temp.schema_build_m;
           INSERT INTO schema_type_counts(t, n) SELECT t, count(*) FROM temp.schema_build_m GROUP BY t;
           INSERT INTO schema_link_counts(a, p, b, n) SELECT a, p, b, n FROM temp.schema_build_links;
           INSERT INTO schema_entity_clusters(e, t) SELECT e, t FROM temp.schema_build_c;
           INSERT INTO schema_cluster_counts(t, n) SELECT t, count(*) FROM temp.schema_build_c GROUP BY t;
           INSERT INTO schema_cluster_links(a, p, b, n) SELECT a, p, b, n FROM temp.schema_build_clinks;`);
  const info = db.prepare('SELECT entities, typed, clusters FROM temp.schema_build_info').get() as { entities: number; typed: number; clusters: number };
  db.prepare('INSERT OR REPLACE INTO schema_state(id, ready, triples_max, entities_max, entities, typed, clusters) VALUES (1, 1, ?, ?, ?, ?, ?)').run(
    mark.triples, mark.entities, info.entities, info.typed, info.clusters,
  );
  db.prepare('DELETE FROM schema_changes WHERE seq <= ?').run(mark.log);
  // The JSON caches of earlier versions are superseded by these tables.
  db.exec("DELETE FROM kg_meta WHERE key IN ('schema.v1', 'schema.v2')");
  dropBuild(db);
  return true;
}

/** Rebuilds all counts now, in the caller's write transaction. */
export function rebuildSchemaCounts(db: DatabaseHandle): void {
  const token = startRebuild(db);
  const mark = buildMark(db);
  buildSchemaCounts(db);
  installBuilt(db, mark, token);
}

/**
 * Applies the changes since the counts were made (see the file's head); the caller holds a write transaction and
 * has checked that the state is ready.
 */
export function applySchemaChanges(db: DatabaseHandle, state: SchemaState): void {
  const typeIds = typePredicateIds(db);
  const W = state.triplesMax;
  const tmp = ['plus', 'gone', 'changed', 'd', 'new', 'newc', 'delta', 'tdelta'];
  const drop = () => tmp.forEach((t) => db.exec(`DROP TABLE IF EXISTS temp.schema_d_${t}`));
  drop();
  try {
    db.exec(`CREATE TABLE temp.schema_d_plus (id INTEGER PRIMARY KEY, s INTEGER, p INTEGER, o INTEGER);
             CREATE TABLE temp.schema_d_gone (s INTEGER, p INTEGER, o INTEGER);
             CREATE TABLE temp.schema_d_changed (e INTEGER PRIMARY KEY);
             CREATE TABLE temp.schema_d_d (e INTEGER PRIMARY KEY);
             CREATE TABLE temp.schema_d_new (e INTEGER NOT NULL, t TEXT NOT NULL, PRIMARY KEY (e, t)) WITHOUT ROWID;
             CREATE TABLE temp.schema_d_newc (e INTEGER PRIMARY KEY, t TEXT NOT NULL);
             CREATE TABLE temp.schema_d_delta (a TEXT NOT NULL, p INTEGER NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL);
             CREATE TABLE temp.schema_d_tdelta (t TEXT NOT NULL, n INTEGER NOT NULL);`);
    // T+: rows beyond the mark, and rows under ids that were logged (put back, or rewritten).
    db.prepare(
      `INSERT INTO temp.schema_d_plus(id, s, p, o)
         SELECT id, s, p, o FROM triples WHERE id > ?
         UNION SELECT id, s, p, o FROM triples WHERE id IN (SELECT id FROM schema_changes WHERE kind IN ('t', 'n'))`,
    ).run(W);
    // T-: the row an id at or below the mark held when the counts were made, if the first thing logged for it is
    // its removal (an id first logged as put back was free then).
    db.prepare(
      `INSERT INTO temp.schema_d_gone(s, p, o)
         SELECT c.s, c.p, c.o FROM schema_changes c
          WHERE c.seq IN (SELECT min(seq) FROM schema_changes WHERE kind IN ('t', 'n') AND id <= ? GROUP BY id) AND c.kind = 't'`,
    ).run(W);
    db.prepare(
      `INSERT OR IGNORE INTO temp.schema_d_changed(e)
         SELECT id FROM entities WHERE id > ? UNION SELECT id FROM schema_changes WHERE kind IN ('ed', 'eu', 'ei')`,
    ).run(state.entitiesMax);
    // Entities now: new ids, plus for each logged id at or below the mark whether it exists now less whether it
    // did then (it did unless the first thing logged for it is its being put back).
    const entities = db
      .prepare(
        `SELECT ? + (SELECT count(*) FROM entities WHERE id > ?)
                  + coalesce((SELECT sum(EXISTS (SELECT 1 FROM entities x WHERE x.id = c.id) - (c.kind <> 'ei')) FROM schema_changes c
                               WHERE c.seq IN (SELECT min(seq) FROM schema_changes WHERE kind IN ('ed', 'eu', 'ei') AND id <= ? GROUP BY id)), 0)`,
      )
      .pluck()
      .get(state.entities, state.entitiesMax, state.entitiesMax) as number;

    // Types.
    db.exec(
      `INSERT OR IGNORE INTO temp.schema_d_d(e)
         SELECT e FROM temp.schema_d_changed
         UNION SELECT s FROM temp.schema_d_plus WHERE p IN (${typeIds})
         UNION SELECT s FROM temp.schema_d_gone WHERE p IN (${typeIds})
         UNION SELECT s FROM triples WHERE p IN (${typeIds}) AND o IN (SELECT e FROM temp.schema_d_changed)`,
    );
    db.exec(`INSERT INTO temp.schema_d_new(e, t) ${typesOfSql('SELECT e FROM temp.schema_d_d', typeIds)}`);
    const typedBefore = db.prepare('SELECT count(DISTINCT e) FROM schema_entity_types WHERE e IN (SELECT e FROM temp.schema_d_d)').pluck().get() as number;
    const typedAfter = db.prepare('SELECT count(DISTINCT e) FROM temp.schema_d_new').pluck().get() as number;
    moveMembership(db, typeIds, 'temp.schema_d_new', 'schema_entity_types', 'schema_type_counts', 'schema_link_counts');
    const typed = state.typed - typedBefore + typedAfter;

    // Clusters: kept incrementally while wanted; built whole when they become wanted; dropped when not.
    const wanted = clustersWanted(entities, typed);
    if (wanted && state.clusters) {
      for (const t of ['d', 'delta', 'tdelta']) db.exec(`DELETE FROM temp.schema_d_${t}`);
      db.exec(
        `INSERT OR IGNORE INTO temp.schema_d_d(e)
           SELECT e FROM temp.schema_d_changed
           UNION SELECT s FROM temp.schema_d_plus WHERE p NOT IN (${typeIds}) UNION SELECT o FROM temp.schema_d_plus WHERE o > 0 AND p NOT IN (${typeIds})
           UNION SELECT s FROM temp.schema_d_gone WHERE p NOT IN (${typeIds}) UNION SELECT o FROM temp.schema_d_gone WHERE o > 0 AND p NOT IN (${typeIds})`,
      );
      clustersInto(db, 'temp.schema_d_newc', 'SELECT e FROM temp.schema_d_d', typeIds);
      moveMembership(db, typeIds, 'temp.schema_d_newc', 'schema_entity_clusters', 'schema_cluster_counts', 'schema_cluster_links');
    } else if (wanted) {
      db.exec('DELETE FROM schema_entity_clusters; DELETE FROM schema_cluster_counts; DELETE FROM schema_cluster_links;');
      db.exec('CREATE TABLE IF NOT EXISTS temp.schema_build_c (e INTEGER PRIMARY KEY, t TEXT NOT NULL); DELETE FROM temp.schema_build_c;');
      clustersInto(db, 'temp.schema_build_c', null, typeIds);
      db.exec(`INSERT INTO schema_entity_clusters(e, t) SELECT e, t FROM temp.schema_build_c;
               INSERT INTO schema_cluster_counts(t, n) SELECT t, count(*) FROM temp.schema_build_c GROUP BY t;
               INSERT INTO schema_cluster_links(a, p, b, n) ${contributionSql('SELECT s, p, o FROM triples', 'temp.schema_build_c', typeIds, '')};
               DROP TABLE temp.schema_build_c;`);
    } else if (state.clusters) {
      db.exec('DELETE FROM schema_entity_clusters; DELETE FROM schema_cluster_counts; DELETE FROM schema_cluster_links;');
    }

    const now = maxIds(db);
    db.prepare('UPDATE schema_state SET triples_max = ?, entities_max = ?, entities = ?, typed = ?, clusters = ? WHERE id = 1').run(
      now.triples, now.entities, entities, typed, wanted ? 1 : 0,
    );
    db.exec('DELETE FROM schema_changes');
  } finally {
    drop();
  }
}

/**
 * Moves the entities in temp.schema_d_d from their kept memberships (table `m`) to those in table `fresh`, with
 * the per-group counts (`counts`) and link counts (`links`) following: old contribution out, new in.
 */
function moveMembership(db: DatabaseHandle, typeIds: string, fresh: string, m: string, counts: string, links: string): void {
  const D = 'SELECT e FROM temp.schema_d_d';
  const incident = (notNew: boolean) => {
    const fresh = notNew ? ' AND id NOT IN (SELECT id FROM temp.schema_d_plus)' : '';
    return `SELECT s, p, o FROM triples WHERE s IN (${D})${fresh}
            UNION ALL SELECT s, p, o FROM triples WHERE o IN (${D}) AND s NOT IN (${D})${fresh}`;
  };
  db.exec(`INSERT INTO temp.schema_d_delta(a, p, b, n) ${contributionSql(`${incident(true)} UNION ALL SELECT s, p, o FROM temp.schema_d_gone`, m, typeIds, '-')}`);
  db.exec(`INSERT INTO temp.schema_d_tdelta(t, n) SELECT t, -count(*) FROM ${m} WHERE e IN (${D}) GROUP BY t;
           INSERT INTO temp.schema_d_tdelta(t, n) SELECT t, count(*) FROM ${fresh} GROUP BY t;
           DELETE FROM ${m} WHERE e IN (${D});
           INSERT INTO ${m}(e, t) SELECT e, t FROM ${fresh};`);
  db.exec(
    `INSERT INTO temp.schema_d_delta(a, p, b, n) ${contributionSql(
      `${incident(false)} UNION ALL SELECT s, p, o FROM temp.schema_d_plus WHERE s NOT IN (${D}) AND o NOT IN (${D})`,
      m,
      typeIds,
      '',
    )}`,
  );
  db.exec(
    `INSERT INTO ${counts}(t, n) SELECT t, sum(n) FROM temp.schema_d_tdelta WHERE true GROUP BY t HAVING sum(n) <> 0
       ON CONFLICT(t) DO UPDATE SET n = n + excluded.n;
     DELETE FROM ${counts} WHERE n <= 0 AND t IN (SELECT t FROM temp.schema_d_tdelta);
     INSERT INTO ${links}(a, p, b, n) SELECT a, p, b, sum(n) FROM temp.schema_d_delta WHERE true GROUP BY a, p, b HAVING sum(n) <> 0
       ON CONFLICT(a, p, b) DO UPDATE SET n = n + excluded.n;
     DELETE FROM ${links} WHERE n <= 0 AND (a, p, b) IN (SELECT a, p, b FROM temp.schema_d_delta);`,
  );
}

function linksFrom(db: DatabaseHandle, table: string, limit?: number): SchemaLink[] {
  const rows = db
    .prepare(
      `SELECT l.a AS from_type, p.key AS predicate, p.label AS plabel, l.b AS to_type, l.n AS count
         FROM ${table} l CROSS JOIN predicates p ON p.id = l.p
        ORDER BY l.n DESC, l.a, p.key, l.b${limit === undefined ? '' : ` LIMIT ${limit}`}`,
    )
    .all() as Array<{ from_type: string; predicate: string; plabel: string | null; to_type: string; count: number }>;
  return rows.map((r) => ({ from_type: r.from_type, predicate: r.predicate, predicate_label: r.plabel ?? displayName(r.predicate), to_type: r.to_type, count: r.count }));
}

function typesFrom(db: DatabaseHandle, table: string): SchemaType[] {
  const rows = db.prepare(`SELECT t AS type, n AS count FROM ${table} ORDER BY n DESC, t`).all() as Array<{ type: string; count: number }>;
  return rows.map((r) => ({ type: r.type, label: r.type.startsWith('→ ') || r.type.startsWith('← ') ? clusterLabel(r.type) : displayName(r.type), count: r.count }));
}

/** The schema as the kept counts give it (they must be current). */
export function schemaFromCounts(db: DatabaseHandle, state: SchemaState): SchemaAnswer {
  const entities = state.entities;
  // Untyped: no type, and not itself used as a type (an entity that is a type triple's object has its key in types).
  const typeNamed = db
    .prepare(
      // CROSS JOIN keeps the few types outside: left to itself the planner scans every entity.
      `SELECT count(*) FROM schema_type_counts tc CROSS JOIN entities x ON x.key = tc.t
        WHERE NOT EXISTS (SELECT 1 FROM schema_entity_types m WHERE m.e = x.id)`,
    )
    .pluck()
    .get() as number;
  let clusters: SchemaClusters | null = null;
  if (state.clusters) {
    const total = db.prepare('SELECT count(*) FROM schema_cluster_links').pluck().get() as number;
    clusters = { types: typesFrom(db, 'schema_cluster_counts'), links: linksFrom(db, 'schema_cluster_links', MAX_CLUSTER_LINKS), links_total: total };
  }
  return {
    types: typesFrom(db, 'schema_type_counts'),
    links: linksFrom(db, 'schema_link_counts'),
    untyped: entities - state.typed - typeNamed,
    entities,
    clusters,
  };
}
