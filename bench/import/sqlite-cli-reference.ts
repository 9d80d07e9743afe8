import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { MIGRATIONS } from '../../src-main/core/store/schema.js';

/**
 * The reference: SQLite's own CLI loading the same rows, given as TSV, into the same schema and indexes. `.import`
 * fills a staging table; plain SQL then interns entities and predicates and fills `triples` and the FTS index,
 * all in one transaction, so the end state matches what Relata's importer builds.
 */
export function sqliteCliImport(tsvPath: string, dbPath: string): { seconds: number; maxRssKb: number; triples: number } {
  rmSync(dbPath, { force: true });
  const script = `${dbPath}.sql`;
  writeFileSync(
    script,
    `PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -65536;
${MIGRATIONS.join('\n')}
PRAGMA user_version = ${MIGRATIONS.length};
CREATE TEMP TABLE staging(s TEXT, p TEXT, o TEXT);
BEGIN;
.mode tabs
.import '${tsvPath}' staging
INSERT INTO sources(kind, name, created_at) VALUES ('file', 'reference', datetime());
INSERT OR IGNORE INTO entities(key) SELECT s FROM staging;
INSERT OR IGNORE INTO entities(key) SELECT o FROM staging;
INSERT OR IGNORE INTO predicates(key) SELECT p FROM staging;
INSERT OR IGNORE INTO triples(s, p, o, source_id, source_line)
  SELECT es.id, pp.id, eo.id, 1, staging.rowid FROM staging
  JOIN entities es ON es.key = staging.s JOIN predicates pp ON pp.key = staging.p JOIN entities eo ON eo.key = staging.o;
INSERT INTO entity_fts(rowid, label, aliases, key) SELECT id, key, '', key FROM entities;
COMMIT;
SELECT count(*) FROM triples;
`,
  );
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sqlite3', dbPath, `.read ${script}`], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  const maxRssKb = Number(r.stderr.trim().split('\n').at(-1));
  const triples = Number(r.stdout.trim().split('\n').at(-1));
  rmSync(script, { force: true });
  return { seconds, maxRssKb, triples };
}
