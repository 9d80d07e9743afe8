// biomed-mini (compounds, diseases, symptoms) as a Relata KG file, for the GNN tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../src-main/core/store/kg-store.js';
import { datasetPath } from './paths.js';

function tsvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

/** Writes biomed-mini into a KG file with plain SQL (entities with their types, entity–entity triples). */
export function buildBiomedKg(path: string): void {
  const dir = datasetPath('biomed-mini');
  const store = KgStore.open(path);
  const db = store.db;
  db.transaction(() => {
    const addEntity = db.prepare('INSERT INTO entities(key, label, type) VALUES (?, ?, ?)');
    for (const [key, type, label] of tsvRows(join(dir, 'entities.tsv'))) addEntity.run(key, label, type);
    const entityId = db.prepare('SELECT id FROM entities WHERE key = ?').pluck();
    const addPredicate = db.prepare('INSERT OR IGNORE INTO predicates(key) VALUES (?)');
    const predicateId = db.prepare('SELECT id FROM predicates WHERE key = ?').pluck();
    const addTriple = db.prepare('INSERT OR IGNORE INTO triples(s, p, o) VALUES (?, ?, ?)');
    for (const [h, r, t] of tsvRows(join(dir, 'triples.tsv'))) {
      addPredicate.run(r);
      const s = entityId.get(h) as number | undefined;
      const o = entityId.get(t) as number | undefined;
      if (s === undefined || o === undefined) throw new Error(`triple names an unknown entity: ${h} ${r} ${t}`);
      addTriple.run(s, predicateId.get(r), o);
    }
  })();
  store.close();
}
