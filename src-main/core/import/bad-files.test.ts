import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from './import-files.js';
import { ImportError } from './import-error.js';
import { jsonErrorOffset, jsonPathOffset } from './json-locate.js';
import { fixturePath, tempDir } from '../../../test-support/paths.js';

/**
 * The bad-file corpus (test-fixtures/bad-files): each file is refused with FILE:LINE (or FILE: where there is no
 * line to name) and a message that names the problem in the file's own terms, never a parser's internals, and the KG
 * is left exactly as it was.
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

function snapshot(s: KgStore): string {
  return ['entities', 'predicates', 'literals', 'triples', 'sources'].map((t) => JSON.stringify(s.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all())).join('\n');
}

/** [file, line (null: none), the message after "FILE:LINE: "]. */
const CORPUS: Array<[string, number | null, string]> = [
  ['syntax.jsonld', 4, 'invalid JSON: unexpected "}\\n"'],
  ['deep.jsonld', 1, 'JSON nested more than 256 levels deep'],
  ['empty.jsonld', null, 'empty file'],
  ['bad-id.jsonld', 4, 'invalid JSON-LD at $.knows["@id"]: Invalid JSON-LD syntax; "@id" value must a string. (invalid @id value)'],
  ['value-object.jsonld', 4, 'invalid JSON-LD at $["@graph"][0].p["@value"]: Invalid JSON-LD syntax; "@value" value must not be an object or an array. (invalid value object value)'],
  ['context-id.jsonld', 2, 'invalid JSON-LD at $["@context"]: Invalid JSON-LD syntax; a @context @id value must be an array of strings or a string. (invalid IRI mapping)'],
  ['remote.jsonld', null, 'invalid JSON-LD: remote @context http://schema.org/ cannot be fetched (Relata works offline); inline the context in the file (loading remote context failed)'],
  ['nul-pred.jsonld', null, 'the JSON-LD makes a triple that is not valid RDF: Unexpected "<http://x/p\\u0000q>"'],
  ['malformed.graphml', 4, 'invalid GraphML (not well-formed XML): unclosed xml attribute'],
  ['truncated.gexf', 2, 'invalid GEXF (not well-formed XML): unclosed xml attribute'],
  ['undefined-entity.graphml', 3, 'invalid GraphML (not well-formed XML): entity not found:&undefined;'],
  ['text.graphml', 1, 'not a GraphML file: the root element is missing, not <graphml>'],
  ['nograph.graphml', 2, 'not a GraphML graph: <graphml> holds no <graph> element'],
  ['nograph.gexf', 2, 'not a GEXF graph: <gexf> holds no <graph> element'],
  ['nonodes.graphml', null, 'no nodes found: not a GraphML graph?'],
  ['empty.graphml', null, 'empty file'],
  ['blank.gexf', null, 'empty file'],
  ['missing-node.graphml', 5, 'edge points at node "zz" (its target), which is not declared'],
  ['missing-node.gexf', 5, 'edge "0" points at node "ghost" (its target), which is not declared'],
  ['nodeid.gexf', 2, '<node> without an id'],
  ['dupnode.graphml', 2, 'node "a" is declared twice'],
  ['attvalue.gexf', null, 'invalid GEXF: Found undeclared attribute "9"'],
  ['nul.tsv', 1, 'predicate key "p\\u0000q" contains a control character (U+0000); keys may not hold NUL, tab, newline or other control characters'],
  ['control-char.tsv', 2, 'predicate key "kno\\u0001ws" contains a control character (U+0001); keys may not hold NUL, tab, newline or other control characters'],
  ['nul.nt', 1, 'Unexpected "<http://x/p\\u0000q>"'],
];

describe('bad-file corpus', () => {
  for (const [file, line, problem] of CORPUS) {
    it(`${file}: ${line === null ? 'FILE' : 'FILE:LINE'}: ${problem.slice(0, 60)}; nothing stored`, async () => {
      await importFiles(store, [{ path: fixturePath('good', 'small.tsv') }]);
      const before = snapshot(store);
      const path = fixturePath('bad-files', file);
      const err = await importFiles(store, [{ path }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toBe(`${path}${line === null ? '' : `:${line}`}: ${problem}`);
      expect((err as Error).message).not.toMatch(/Cannot read properties|undefined \(reading|Maximum call stack|graphology|MultiDirectedGraph|xmldom/);
      expect(snapshot(store)).toBe(before);
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

  it('a folder that is not a benchmark, and a benchmark folder missing a split, are refused by name', async () => {
    const empty = join(tmp.dir, 'empty-folder');
    mkdirSync(empty);
    await expect(importFiles(store, [{ path: empty }])).rejects.toThrow(`${empty}: a folder, but not a benchmark folder: it needs train.txt, valid.txt and test.txt (it is empty); import its files one by one instead`);
    const other = join(tmp.dir, 'other-folder');
    mkdirSync(other);
    writeFileSync(join(other, 'facts.tsv'), 'a\tr\tb\n');
    await expect(importFiles(store, [{ path: other }])).rejects.toThrow(`${other}: a folder, but not a benchmark folder: it needs train.txt, valid.txt and test.txt (found facts.tsv)`);
    await expect(importFiles(store, [{ path: other }], { format: 'tsv' })).rejects.toThrow(`${other}: a folder, but not a benchmark folder`);
    const half = join(tmp.dir, 'half-benchmark');
    mkdirSync(half);
    writeFileSync(join(half, 'train.txt'), 'a\tr\tb\n');
    writeFileSync(join(half, 'valid.txt'), 'a\tr\tc\n');
    await expect(importFiles(store, [{ path: half }])).rejects.toThrow(`${half}: benchmark folder without test.txt (it has train.txt, valid.txt): add the missing split, or import the files one by one as TSV`);
    expect((store.db.prepare('SELECT count(*) AS n FROM triples').get() as { n: number }).n).toBe(0);
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
