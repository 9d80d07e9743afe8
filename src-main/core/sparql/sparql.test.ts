import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as ox from 'oxigraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { exportKg } from '../export/export-kg.js';
import { KgEditor } from '../edit/kg-editor.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';
import { runSparqlQuery, sparqlForm, SparqlSyntaxError } from './sparql-query.js';
import { cachedKgDataset, loadKgDataset } from './kg-dataset.js';
import { runSparqlUpdate } from './sparql-update.js';

let tmp: ReturnType<typeof tempDir>;
let kg: KgStore;

beforeEach(async () => {
  tmp = tempDir();
  kg = KgStore.open(join(tmp.dir, 'kg.sqlite'));
  await importFiles(kg, demoFiles().map((path) => ({ path })));
});
afterEach(() => {
  kg.close();
  tmp.cleanup();
});

const json = (body: string): { head: { vars: string[] }; results: { bindings: Array<Record<string, { type: string; value: string; datatype?: string }>> }; boolean?: boolean } => JSON.parse(body);

describe('SPARQL over the demo KG', () => {
  it('answers a property-path join with Relata keys as IRIs in its namespace, default prefixes declared for the user', () => {
    const r = runSparqlQuery(kg, 'SELECT ?who ?name WHERE { ?who a rel:Person ; rdfs:label ?name ; relp:born_in/relp:located_in rel:germany }');
    expect(r.form).toBe('select');
    expect(r.contentType).toBe('application/sparql-results+json');
    const doc = json(r.body);
    expect(doc.head.vars).toEqual(['who', 'name']);
    expect(doc.results.bindings).toEqual([{ who: { type: 'uri', value: 'https://relata.local/kg/e/albert_einstein' }, name: { type: 'literal', value: 'Albert Einstein' } }]);
    expect(r.count).toBe(1);
  });

  it('aggregates, OPTIONAL, FILTER NOT EXISTS, VALUES and typed literals', () => {
    const born = json(runSparqlQuery(kg, 'SELECT ?p ?y WHERE { VALUES ?p { rel:albert_einstein rel:nikola_tesla } ?p relp:birth_year ?y FILTER(?y < 1870) }').body);
    expect(born.results.bindings.map((b) => [b.p.value.split('/').pop(), b.y.value, b.y.datatype])).toEqual([['nikola_tesla', '1856', 'http://www.w3.org/2001/XMLSchema#integer']]);
    const counts = json(runSparqlQuery(kg, 'SELECT ?t (COUNT(?x) AS ?n) WHERE { ?x a ?t } GROUP BY ?t HAVING (COUNT(?x) >= 3) ORDER BY DESC(?n) ?t').body);
    const people = counts.results.bindings.find((b) => b.t.value.endsWith('/Person'));
    const stored = kg.db.prepare("SELECT count(*) FROM entities WHERE type = 'Person'").pluck().get() as number;
    expect(Number(people?.n.value)).toBe(stored);
    const noBirthYear = json(runSparqlQuery(kg, 'SELECT ?p WHERE { ?p a rel:Person FILTER NOT EXISTS { ?p relp:birth_year ?y } }').body);
    const withYear = json(runSparqlQuery(kg, 'SELECT ?p ?y WHERE { ?p a rel:Person OPTIONAL { ?p relp:birth_year ?y } }').body);
    expect(withYear.results.bindings.filter((b) => !b.y).length).toBe(noBirthYear.results.bindings.length);
  });

  it('writes the standard XML, CSV and TSV documents, ASK booleans and CONSTRUCT graphs', () => {
    const q = 'SELECT ?name WHERE { rel:albert_einstein rdfs:label ?name }';
    expect(runSparqlQuery(kg, q, { format: 'xml' }).body).toContain('<binding name="name"><literal>Albert Einstein</literal></binding>');
    expect(runSparqlQuery(kg, q, { format: 'csv' }).body.split(/\r?\n/).slice(0, 2)).toEqual(['name', 'Albert Einstein']);
    expect(runSparqlQuery(kg, q, { format: 'tsv' }).body.split('\n').slice(0, 2)).toEqual(['?name', '"Albert Einstein"']);
    const ask = runSparqlQuery(kg, 'ASK { rel:albert_einstein relp:citizen_of rel:switzerland }');
    expect(ask.form).toBe('ask');
    expect(json(ask.body).boolean).toBe(true);
    const graph = runSparqlQuery(kg, 'CONSTRUCT { ?p relp:compatriot_of ?q } WHERE { ?p relp:citizen_of ?c . ?q relp:citizen_of ?c FILTER(?p != ?q) }');
    expect(graph.contentType).toBe('application/n-triples');
    const triples = ox.parse(graph.body, { format: 'application/n-triples' });
    expect(triples.length).toBe(graph.count);
    expect(triples.some((t) => t.subject.value.endsWith('/albert_einstein') && t.object.value.endsWith('/thomas_edison'))).toBe(true);
    const describe = runSparqlQuery(kg, 'DESCRIBE rel:ulm', { format: 'ttl' });
    expect(describe.form).toBe('describe');
    expect(describe.body).toContain('Ulm');
  });

  it('reports a syntax error at its line and column', () => {
    let error: unknown;
    try {
      runSparqlQuery(kg, 'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = }');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SparqlSyntaxError);
    // Line 3; the column is where oxigraph's parser gave up (at or just past the stray brace).
    expect((error as SparqlSyntaxError).line).toBe(3);
    expect((error as SparqlSyntaxError).column).toBeGreaterThanOrEqual(15);
    expect((error as SparqlSyntaxError).message).toMatch(/^3:1[56]: expected /);
    // A user's first line keeps its own columns although default prefixes were put in front of it.
    const position = (q: string): string => {
      try {
        runSparqlQuery(kg, q);
      } catch (err) {
        return (err as Error).message.split(':').slice(0, 2).join(':');
      }
      return 'no error';
    };
    const body = 'SELECT ?x WHERE { ?x a rel:Person ) }';
    const declared = position(`PREFIX rel: <https://relata.local/kg/e/>\n${body}`);
    expect(declared).toMatch(/^2:\d+$/);
    expect(position(body)).toBe(`1:${declared.split(':')[1]}`);
  });

  it('tells query forms and updates apart past comments, PREFIX and BASE', () => {
    expect(sparqlForm('# a comment with SELECT\nPREFIX : <http://x/#frag>\nBASE <http://b/>\nCONSTRUCT WHERE { ?s ?p ?o }')).toBe('construct');
    expect(sparqlForm('PREFIX ex: <http://x/> DELETE WHERE { ?s ex:p ?o }')).toBe('update');
    expect(sparqlForm('ask {}')).toBe('ask');
  });
});

describe('the RDF view of the KG', () => {
  it('is the triples `relata export` writes (rdf-dbpedia-sample: same graph, IRIs as imported)', async () => {
    await importFiles(kg, [{ path: datasetPath('rdf-dbpedia-sample', 'sample-KG.nt') }]);
    const file = join(tmp.dir, 'out.nt');
    await exportKg(kg, file, 'nt');
    const exported = new Set(new ox.Store(ox.parse(readFileSync(file, 'utf8'), { format: 'application/n-triples' })).dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() }).split('\n').filter(Boolean));
    const view = loadKgDataset(kg, { entityColumns: false, derived: true });
    const viewed = new Set(view.store.dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() }).split('\n').filter(Boolean));
    expect(viewed.size).toBeGreaterThan(900);
    expect(viewed).toEqual(exported);
    const dbpedia = json(runSparqlQuery(kg, 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "http://dbpedia.org/")) }').body);
    expect(Number(dbpedia.results.bindings[0].n.value)).toBeGreaterThan(10);
  });

  it('includes derived triples only with the switch', () => {
    const id = kg.db.prepare("SELECT t.id FROM triples t JOIN entities e ON e.id = t.s JOIN predicates p ON p.id = t.p WHERE e.key = 'albert_einstein' AND p.key = 'born_in'").pluck().get() as number;
    kg.db.prepare('UPDATE triples SET derived = 1 WHERE id = ?').run(id);
    const q = 'ASK { rel:albert_einstein relp:born_in rel:ulm }';
    expect(json(runSparqlQuery(kg, q).body).boolean).toBe(false);
    expect(json(runSparqlQuery(kg, q, { derived: true }).body).boolean).toBe(true);
  });

  it('states entity-table labels and types that no triple states (a CSV entity table)', async () => {
    const csv = join(tmp.dir, 'drugs.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, 'id,name,type\nzz_drug_1,Zedoarin,Drug\n');
    await importFiles(kg, [{ path: csv }]);
    const r = json(runSparqlQuery(kg, 'SELECT ?l ?t WHERE { rel:zz_drug_1 rdfs:label ?l ; a ?t }').body);
    expect(r.results.bindings).toEqual([{ l: { type: 'literal', value: 'Zedoarin' }, t: { type: 'uri', value: 'https://relata.local/kg/e/Drug' } }]);
    // Labels already stated as triples are not repeated.
    const einstein = json(runSparqlQuery(kg, 'SELECT ?l WHERE { rel:albert_einstein rdfs:label ?l }').body);
    expect(einstein.results.bindings.length).toBe(1);
  });

  it('is cached until the KG changes, then reloaded from the file', async () => {
    const first = cachedKgDataset(kg);
    expect(cachedKgDataset(kg).cached).toBe(true);
    expect(cachedKgDataset(kg).store).toBe(first.store);
    await new KgEditor(kg).addTriple({ subject: 'ulm', predicate: 'twinned_with', object: { key: 'smiljan' } });
    expect(cachedKgDataset(kg).cached).toBe(false);
    expect(json(runSparqlQuery(kg, 'ASK { rel:ulm relp:twinned_with rel:smiljan }').body).boolean).toBe(true);
    // A write through another connection to the same file is seen too.
    const other = KgStore.open(kg.path, { mustExist: true });
    await new KgEditor(other).deleteTriple(other.db.prepare("SELECT t.id FROM triples t JOIN predicates p ON p.id = t.p WHERE p.key = 'twinned_with'").pluck().get() as number);
    other.close();
    expect(json(runSparqlQuery(kg, 'ASK { rel:ulm relp:twinned_with rel:smiljan }').body).boolean).toBe(false);
  });

  it('never keeps what it read inside a write that is then rolled back', async () => {
    const q = 'ASK { rel:ulm relp:rolled_back rel:smiljan }';
    expect(json(runSparqlQuery(kg, q).body).boolean).toBe(false);
    const inside: boolean[] = [];
    await expect(
      kg.write(async () => {
        kg.db.prepare("INSERT INTO predicates(key, label) VALUES ('rolled_back', 'rolled_back')").run();
        const p = kg.db.prepare("SELECT id FROM predicates WHERE key = 'rolled_back'").pluck().get() as number;
        const id = (k: string): number => kg.db.prepare('SELECT id FROM entities WHERE key = ?').pluck().get(k) as number;
        kg.db.prepare('INSERT INTO triples(s, p, o) VALUES (?, ?, ?)').run(id('ulm'), p, id('smiljan'));
        inside.push(json(runSparqlQuery(kg, q).body).boolean === true);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(inside).toEqual([true]);
    expect(json(runSparqlQuery(kg, q).body).boolean).toBe(false);
  });
});

describe('SPARQL UPDATE through the change log', () => {
  const triples = (): number => kg.db.prepare('SELECT count(*) FROM triples').pluck().get() as number;

  it('INSERT DATA and DELETE DATA are undoable edits', async () => {
    const before = triples();
    const ins = await runSparqlUpdate(kg, 'INSERT DATA { rel:ulm relp:population 126000 ; rdfs:comment "city on the Danube"@en . rel:new_town relp:located_in rel:germany }');
    expect(ins).toMatchObject({ inserted: 3, deleted: 0, missing: 0 });
    expect(triples()).toBe(before + 3);
    const pop = json(runSparqlQuery(kg, 'SELECT ?n ?c WHERE { rel:ulm relp:population ?n ; rdfs:comment ?c FILTER(lang(?c) = "en") }').body).results.bindings[0];
    expect([pop.n.value, pop.n.datatype]).toEqual(['126000', 'http://www.w3.org/2001/XMLSchema#integer']);
    expect(kg.db.prepare("SELECT count(*) FROM entities WHERE key = 'new_town'").pluck().get()).toBe(1);
    const del = await runSparqlUpdate(kg, 'DELETE DATA { rel:ulm relp:population 126000 }');
    expect(del).toMatchObject({ inserted: 0, deleted: 1 });
    const editor = new KgEditor(kg);
    expect(editor.history(2).map((h) => h.kind)).toEqual(['sparql-update', 'sparql-update']);
    await editor.undo();
    await editor.undo();
    expect(triples()).toBe(before);
    expect(kg.db.prepare("SELECT count(*) FROM entities WHERE key = 'new_town'").pluck().get()).toBe(0);
  });

  it('DELETE/INSERT WHERE rewrites matching triples in one edit; an update that matches nothing logs nothing', async () => {
    const bornIn = kg.db.prepare("SELECT count(*) FROM triples t JOIN predicates p ON p.id = t.p WHERE p.key = 'born_in'").pluck().get() as number;
    expect(bornIn).toBeGreaterThan(2);
    const r = await runSparqlUpdate(kg, 'DELETE { ?p relp:born_in ?c } INSERT { ?p relp:birthplace ?c } WHERE { ?p relp:born_in ?c }');
    expect(r).toMatchObject({ deleted: bornIn, inserted: bornIn });
    expect(json(runSparqlQuery(kg, 'ASK { rel:albert_einstein relp:birthplace rel:ulm }').body).boolean).toBe(true);
    expect(json(runSparqlQuery(kg, 'ASK { ?p relp:born_in ?c }').body).boolean).toBe(false);
    const none = await runSparqlUpdate(kg, 'DELETE WHERE { ?p relp:born_in ?c }');
    expect(none.changeId).toBeNull();
    await new KgEditor(kg).undo();
    expect(json(runSparqlQuery(kg, 'ASK { rel:albert_einstein relp:born_in rel:ulm }').body).boolean).toBe(true);
  });

  it('writes named graphs as the graph property of the one stored triple: insert, move, delete, undo', async () => {
    const before = triples();
    const G = 'http://example.org/g', G2 = 'http://example.org/g2';
    const graphOf = (): unknown =>
      (kg.db.prepare("SELECT t.props FROM triples t JOIN predicates p ON p.id = t.p WHERE p.key = 'twin'").pluck().all() as Array<string | null>).map((x) => (x ? JSON.parse(x).graph : null));
    expect(await runSparqlUpdate(kg, `INSERT DATA { GRAPH <${G}> { rel:ulm relp:twin rel:smiljan } }`)).toMatchObject({ inserted: 1 });
    expect(graphOf()).toEqual([G]);
    // Queries see it in its graph and, as export writes it, in the default graph.
    expect(json(runSparqlQuery(kg, `ASK { GRAPH <${G}> { rel:ulm relp:twin rel:smiljan } }`).body).boolean).toBe(true);
    expect(json(runSparqlQuery(kg, 'ASK { rel:ulm relp:twin rel:smiljan }').body).boolean).toBe(true);
    const moved = await runSparqlUpdate(kg, `DELETE { GRAPH <${G}> { ?s ?p ?o } } INSERT { GRAPH <${G2}> { ?s ?p ?o } } WHERE { GRAPH <${G}> { ?s ?p ?o } }`);
    expect(moved).toMatchObject({ inserted: 0, deleted: 0, regraphed: 1 });
    expect(graphOf()).toEqual([G2]);
    // One triple, one graph: a second graph is refused and nothing is written.
    await expect(runSparqlUpdate(kg, `INSERT DATA { GRAPH <${G}> { rel:ulm relp:twin rel:smiljan } }`)).rejects.toThrow(/in 2 named graphs .*nothing was changed/);
    expect(graphOf()).toEqual([G2]);
    // Removed from the default graph (which shows every triple): gone.
    expect(await runSparqlUpdate(kg, 'DELETE DATA { rel:ulm relp:twin rel:smiljan }')).toMatchObject({ deleted: 1 });
    expect(graphOf()).toEqual([]);
    const editor = new KgEditor(kg);
    await editor.undo();
    expect(graphOf()).toEqual([G2]);
    await editor.undo();
    expect(graphOf()).toEqual([G]);
    await editor.undo();
    expect(triples()).toBe(before);
  });

  it('rejects a malformed update with its position and leaves the KG as it was', async () => {
    const before = triples();
    await expect(runSparqlUpdate(kg, 'INSERT DATA {\n  rel:a relp:b }')).rejects.toThrow(/^2:\d+: /);
    expect(triples()).toBe(before);
  });
});

describe('sparql.query and sparql.update in the API', () => {
  it('serve the standard document and refuse bad queries as invalid input', async () => {
    const service = new RelataService(kg.path, false);
    try {
      const r = await service.call('sparql.query', { query: 'SELECT ?l WHERE { rel:ulm rdfs:label ?l }', format: 'csv' });
      expect(r.body.trim().split(/\r?\n/)).toEqual(['l', 'Ulm']);
      await expect(service.call('sparql.query', { query: 'SELEC ?x' })).rejects.toMatchObject({ name: 'ApiError', message: expect.stringMatching(/^1:\d+: /) });
      const u = await service.call('sparql.update', { update: 'INSERT DATA { rel:ulm relp:twin rel:smiljan }' });
      expect(u.inserted).toBe(1);
      expect((await service.call('edit.undo', {}))?.kind).toBe('sparql-update');
    } finally {
      service.close();
    }
  });
});
