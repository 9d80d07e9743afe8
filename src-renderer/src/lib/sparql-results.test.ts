import { describe, expect, it } from 'vitest';
import type { SparqlResult } from '../../../src-main/contract/sparql-types';
import { entityKeyOf, localName, offsetOf, parseNTriples, readSparqlResult, syntaxPosition } from './sparql-results';

const result = (form: SparqlResult['form'], format: SparqlResult['format'], body: string): SparqlResult => ({ form, format, contentType: '', body, count: 0, source: 'kg', loadMs: 0, queryMs: 0 });

describe('sparql-results', () => {
  it('reads SELECT solutions with their term kinds, unbound variables left out', () => {
    const body = JSON.stringify({
      head: { vars: ['s', 'name', 'n'] },
      results: { bindings: [
        { s: { type: 'uri', value: 'https://relata.local/kg/e/albert_einstein' }, name: { type: 'literal', value: 'Einstein', 'xml:lang': 'de' } },
        { s: { type: 'bnode', value: 'b0' }, n: { type: 'literal', value: '3', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
      ] },
    });
    const view = readSparqlResult(result('select', 'json', body));
    expect(view.form).toBe('select');
    if (view.form !== 'select') return;
    expect(view.table.vars).toEqual(['s', 'name', 'n']);
    expect(view.table.rows[0]).toEqual({ s: { type: 'uri', value: 'https://relata.local/kg/e/albert_einstein' }, name: { type: 'literal', value: 'Einstein', lang: 'de' } });
    expect(view.table.rows[1].n).toEqual({ type: 'literal', value: '3', datatype: 'http://www.w3.org/2001/XMLSchema#integer' });
    expect(view.table.rows[1].name).toBeUndefined();
  });

  it('reads ASK as a boolean', () => {
    expect(readSparqlResult(result('ask', 'json', '{"head":{},"boolean":false}'))).toEqual({ form: 'ask', answer: false });
  });

  it('parses N-Triples: IRIs, blank nodes, escaped, tagged and typed literals', () => {
    const nt = [
      '<https://relata.local/kg/e/flu> <https://relata.local/kg/p/presents> <https://relata.local/kg/e/fever> .',
      '_:b1 <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"\\n\\u00e9"@en .',
      '<http://x/a> <http://x/n> "1879"^^<http://www.w3.org/2001/XMLSchema#integer> .',
      '',
    ].join('\n');
    const triples = parseNTriples(nt);
    expect(triples).toHaveLength(3);
    expect(triples[0].o).toEqual({ type: 'uri', value: 'https://relata.local/kg/e/fever' });
    expect(triples[1]).toMatchObject({ s: { type: 'bnode', value: 'b1' }, o: { type: 'literal', value: 'say "hi"\né', lang: 'en' } });
    expect(triples[2].o).toEqual({ type: 'literal', value: '1879', datatype: 'http://www.w3.org/2001/XMLSchema#integer' });
  });

  it('links IRIs to entity keys the way export writes them', () => {
    expect(entityKeyOf('https://relata.local/kg/e/muscle%20aches')).toBe('muscle aches');
    expect(entityKeyOf('http://www.wikidata.org/entity/Q42')).toBe('http://www.wikidata.org/entity/Q42');
    expect(localName('http://www.wikidata.org/entity/Q42')).toBe('Q42');
    expect(localName('https://relata.local/kg/p/born_in')).toBe('born_in');
  });

  it('takes a LINE:COL message apart and finds the offset it names', () => {
    const text = 'SELECT ?s WHERE {\n  ?s rdfs label ?o\n}';
    const at = syntaxPosition('2:11: expected OPTIONAL');
    expect(at).toEqual({ line: 2, column: 11, problem: 'expected OPTIONAL' });
    expect(offsetOf(text, at!.line, at!.column)).toBe(text.indexOf('label'));
    expect(syntaxPosition('no KG is open')).toBeNull();
    expect(offsetOf(text, 9, 9)).toBe(text.length);
  });
});
