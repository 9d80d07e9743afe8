import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../test-support/paths';
import { ellipsize, ellipsizeStart, shortPredicate, shortPredicateOf } from './short-name';

describe('shortPredicate', () => {
  it('reads a Freebase path by its last steps, dropping a repeated step', () => {
    expect(shortPredicate('/film/film/genre')).toBe('film › genre');
    expect(shortPredicate('/people/person/places_lived./people/place_lived/location', 60)).toBe('person › places_lived › location');
  });

  it('reads an IRI by its local name and leaves plain names alone', () => {
    expect(shortPredicate('http://xmlns.com/foaf/0.1/knows')).toBe('knows');
    expect(shortPredicate('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toBe('type');
    expect(shortPredicate('born_in')).toBe('born_in');
  });

  it('keeps every FB15k-237 relation within the bound, ending on its own last step', () => {
    const names = readFileSync(join(datasetPath('fb15k-237'), 'relation_names.tsv'), 'utf8')
      .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]);
    expect(names.length).toBeGreaterThan(200);
    for (const name of names) {
      const short = shortPredicate(name, 28);
      expect(short.length).toBeLessThanOrEqual(28);
      const last = name.split(/[/.]/).filter(Boolean).pop()!;
      expect(short.endsWith(last) || last.length >= 27).toBe(true);
    }
  });
});

describe('shortPredicateOf', () => {
  it('prefers a path key over its spelled-out label, and a plain key\'s label', () => {
    expect(shortPredicateOf('/film/film/genre', 'film film genre')).toBe('film › genre');
    expect(shortPredicateOf('born_in', 'born in')).toBe('born in');
    expect(shortPredicateOf('http://xmlns.com/foaf/0.1/knows', 'knows')).toBe('knows');
  });
});

describe('ellipsize', () => {
  it('cuts long text to the bound with one ellipsis, at the end or the start', () => {
    expect(ellipsize('Albert Einstein', 8)).toBe('Albert …');
    expect(ellipsize('Ann', 8)).toBe('Ann');
    expect(ellipsizeStart('a › b › places_lived', 10)).toBe('…ces_lived');
  });
});
