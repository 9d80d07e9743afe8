import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from './import-files.js';
import { ImportError } from './import-error.js';
import { jsonErrorOffset, jsonPathOffset } from './json-locate.js';
import { BAD_FILE_CORPUS, expectedMessage } from './fixtures/bad-file-corpus.js';
import { fixturePath, tempDir } from '../../../test-support/paths.js';

/**
 * The bad-file corpus (fixtures/bad-file-corpus.ts): each input is refused with FILE:LINE (or FILE: where there is no
 * line to name) and a message that names the problem in the file's own terms, never a parser's internals, and a KG
 * that already holds data is left exactly as it was (triple count and a hash of every stored row).
 */

let tmp: ReturnType<typeof tempDir>;
let store: KgStore;
beforeEach(() => {
  tmp = tempDir();
  store = KgStore.open(join(tmp.dir, 'kg.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

function contentHash(s: KgStore): string {
  const hash = createHash('sha256');
  for (const t of ['entities', 'aliases', 'predicates', 'literals', 'triples', 'sources']) hash.update(JSON.stringify(s.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
  return hash.digest('hex');
}

function tripleCount(s: KgStore): number {
  return (s.db.prepare('SELECT count(*) AS n FROM triples').get() as { n: number }).n;
}

// "undefined" as a value a parser met, not as the name of something in the file (undefined-entity.graphml's &undefined;).
const INTERNALS = /Cannot read propert|of undefined|undefined \(reading|is (?:not a function|undefined)|^undefined|: undefined$|\bat .+:\d+:\d+|Maximum call stack|TypeError|graphology|MultiDirectedGraph|MultiGraph|xmldom|\[object Object\]/;

describe('bad-file corpus', () => {
  it('holds at least 40 broken inputs, each named once', () => {
    expect(BAD_FILE_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_FILE_CORPUS.map((c) => c.name)).size).toBe(BAD_FILE_CORPUS.length);
  });

  for (const c of BAD_FILE_CORPUS) {
    it(`${c.name} (${c.about}): ${c.line === null ? 'FILE' : 'FILE:LINE'}: ${c.problem.slice(0, 50)}; KG unchanged`, async () => {
      await importFiles(store, [{ path: fixturePath('good', 'small.tsv') }]);
      const count = tripleCount(store);
      const hash = contentHash(store);
      expect(count).toBeGreaterThan(0);
      const path = c.make(tmp.dir);
      const err = await importFiles(store, [{ path }], { format: c.format }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, 'the bad input was accepted').toBeInstanceOf(ImportError);
      const message = (err as Error).message;
      expect(message).toBe(expectedMessage(c, path));
      expect(c.problem).not.toMatch(INTERNALS);
      expect(tripleCount(store)).toBe(count);
      expect(contentHash(store)).toBe(hash);
    });
  }

  it('--skip-bad imports a GEXF without its edge to an undeclared node, and reports it', async () => {
    const path = fixturePath('bad-files', 'missing-node.gexf');
    const [r] = await importFiles(store, [{ path }], { skipBad: true });
    expect(r.skipped).toEqual([{ file: path, line: 5, message: 'edge "0" points at node "ghost" (its target), which is not declared' }]);
    expect(r.added).toBe(0);
    expect((store.db.prepare("SELECT count(*) AS n FROM entities WHERE key = 'ghost'").get() as { n: number }).n).toBe(0);
  });

  it('imports undirected GraphML and GEXF (the default edge type) instead of failing on the graph type', async () => {
    const graphml = join(tmp.dir, 'u.graphml');
    writeFileSync(graphml, '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph edgedefault="undirected">\n<node id="a"/><node id="b"/>\n<edge source="a" target="b"/>\n</graph></graphml>\n');
    const gexf = join(tmp.dir, 'u.gexf');
    writeFileSync(gexf, '<?xml version="1.0"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n<graph>\n<nodes><node id="c"/><node id="d"/></nodes><edges><edge id="0" source="c" target="d"/></edges>\n</graph></gexf>\n');
    const results = await importFiles(store, [{ path: graphml }, { path: gexf }]);
    expect(results.map((r) => r.added)).toEqual([1, 1]);
  });

  it('--skip-bad leaves out a GraphML node whose id holds a control character, and its edges, and reports both', async () => {
    const c = BAD_FILE_CORPUS.find((x) => x.name === 'control-id.graphml')!;
    const path = c.make(tmp.dir);
    const [r] = await importFiles(store, [{ path }], { skipBad: true });
    expect(r.skipped.map((b) => b.line)).toEqual([4, 5]);
    expect(r.added).toBe(0);
    expect((store.db.prepare("SELECT count(*) AS n FROM entities WHERE key = 'c'").get() as { n: number }).n).toBe(1);
  });
});

describe('jsonErrorOffset', () => {
  it('finds where JSON goes wrong, iteratively', () => {
    const cases: Array<[string, number]> = [
      ['{"a": 1}', -1],
      ['[1, 2, ]', 7],
      ['{"a" 1}', 5],
      ['{"a": tru}', 6],
      ['{"a": "x\n"}', 6],
      ['[1] x', 4],
      ['', 0],
      ['{"a": [1, {"b": null}], "c": -1.5e3}', -1],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, -1],
      ['{', 1],
    ];
    for (const [text, offset] of cases) expect(jsonErrorOffset(text), text.slice(0, 20)).toBe(offset);
  });

  it('finds where a value at a path starts', () => {
    const text = '{"a": [10, {"b\\"c": true}], "d": {}}';
    expect(jsonPathOffset(text, [])).toBe(0);
    expect(jsonPathOffset(text, ['a', 1, 'b"c'])).toBe(text.indexOf('true'));
    expect(jsonPathOffset(text, ['a', 0])).toBe(text.indexOf('10'));
    expect(jsonPathOffset(text, ['d'])).toBe(text.lastIndexOf('{'));
    expect(jsonPathOffset(text, ['x'])).toBe(-1);
  });
});
