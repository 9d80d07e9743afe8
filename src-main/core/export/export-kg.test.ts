import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMATS } from '../../contract/types.js';
import { KgStore } from '../store/kg-store.js';
import { kgStats } from '../store/kg-queries.js';
import { importFiles } from '../import/import-files.js';
import { exportKg } from './export-kg.js';
import { REPO_ROOT, datasetPath, fixturePath, tempDir } from '../../../test-support/paths.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

/** Every triple as text that does not depend on ids or blank-node labels. */
function tripleSet(store: KgStore): string[] {
  return (store.db
    .prepare(`SELECT CASE WHEN se.key LIKE '\\_:%' ESCAPE '\\' THEN '_:' ELSE se.key END || ' ' || p.key || ' ' ||
                     coalesce(CASE WHEN oe.key LIKE '\\_:%' ESCAPE '\\' THEN '_:' ELSE oe.key END, '"' || l.value || '"^^' || l.datatype || '@' || l.lang)
              FROM triples t JOIN entities se ON se.id = t.s JOIN predicates p ON p.id = t.p
              LEFT JOIN entities oe ON oe.id = t.o LEFT JOIN literals l ON l.id = -t.o`)
    .pluck()
    .all() as string[]).sort();
}

const EXT = { tsv: 'tsv', nt: 'nt', ttl: 'ttl', jsonld: 'jsonld', graphml: 'graphml', gexf: 'gexf' } as const;

describe('round trip: import → export → import keeps every triple', () => {
  const inputs: Array<[string, string]> = [
    ['demo KG (Turtle: labels, types, typed literals)', join(REPO_ROOT, 'resources/demo/demo-kg.ttl')],
    ['DBpedia sample (N-Triples)', datasetPath('rdf-dbpedia-sample', 'sample-KG.nt')],
    ['TSV with literals', fixturePath('good', 'small.tsv')],
  ];
  for (const [name, input] of inputs) {
    for (const format of EXPORT_FORMATS) {
      it(`${name} via ${format}`, async () => {
        const first = KgStore.open(join(tmp.dir, 'a.sqlite'));
        await importFiles(first, [{ path: input }]);
        const out = join(tmp.dir, `out.${EXT[format]}`);
        const res = await exportKg(first, out, format);
        expect(res.triples).toBe(kgStats(first).triples);
        const second = KgStore.open(join(tmp.dir, 'b.sqlite'));
        await importFiles(second, [{ path: out }]);
        expect(tripleSet(second)).toEqual(tripleSet(first));
        first.close();
        second.close();
      });
    }
  }
});

it('a cancelled export leaves no file behind', async () => {
  const store = KgStore.open(join(tmp.dir, 'fb.sqlite'));
  await importFiles(store, [{ path: datasetPath('kinships') }]);
  const controller = new AbortController();
  controller.abort();
  await expect(exportKg(store, join(tmp.dir, 'out.nt'), 'nt', { signal: controller.signal })).rejects.toThrow(/cancelled/);
  expect(readdirSync(tmp.dir).filter((f) => f.startsWith('out'))).toEqual([]);
  expect(existsSync(join(tmp.dir, 'out.nt'))).toBe(false);
  store.close();
});
