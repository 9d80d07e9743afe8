import { beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { withTypePredicateSpellings } from './type-predicate.js';
import { RDF_TYPE, TYPE_PREDICATE_KEYS } from '../../contract/vocabulary.js';

let store: KgStore;
beforeAll(async () => {
  store = KgStore.open(':memory:');
  await importFiles(store, demoFiles().map((path) => ({ path })));
});

describe('predicates to leave out', () => {
  it('maps either spelling of the type predicate to the one the KG stores (the demo, from Turtle, has the IRI)', () => {
    expect(TYPE_PREDICATE_KEYS).toContain(RDF_TYPE);
    expect(withTypePredicateSpellings(store, ['rdf:type'])).toEqual([RDF_TYPE]);
    expect(withTypePredicateSpellings(store, [RDF_TYPE, ' presents ', 'presents'])).toEqual(['presents', RDF_TYPE]);
  });

  it('keeps other keys as given, trimmed and once each; nothing given, nothing left out', () => {
    expect(withTypePredicateSpellings(store, ['treats', '', 'treats'])).toEqual(['treats']);
    expect(withTypePredicateSpellings(store, [])).toEqual([]);
  });
});
