import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../../contract/types.js';
import { importFiles } from '../import/import-files.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { generateFamily, mixedFacts } from '../../../test-support/family-generator.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';
import { ask } from './ask.js';

/**
 * Two- and three-hop readings and kinds named by entities, on a slice of FB15k-237 (every triple of a few anchors,
 * then the film, birth, profession, location and founder triples around them): gold answers are walks of the same
 * triples, so each test checks the reading and the whole answer set. Kinship on a generated family, gold from the
 * family tree itself.
 */
const DIR = '/film/director/film';
const ACT = '/film/actor/film./film/performance/film';
const GENRE = '/film/film/genre';
const LANG = '/film/film/language';
const MUSIC = '/film/film/music';
const BORN = '/people/person/place_of_birth';
const PROF = '/people/person/profession';
const CONTAINS = '/location/location/contains';
const FOUNDED = '/organization/organization_founder/organizations_founded';
const COPPOLA = '/m/02vyw';
const SPIELBERG = '/m/06pj8';
const HANKS = '/m/0bxtg';
const CARREY = '/m/0lx2l';
const APPLE = '/m/0k8z';
const LA = '/m/030qb3t';
const EASTWOOD = '/m/0bwh6';
const BURTON = '/m/07rd7';
const ACTOR = '/m/02hrh1q';
const COMEDY = '/m/05p553';
const IN_BRUGES = '/m/02pjc1h';
const BLADE_2 = '/m/02fj8n';
const FAST_FIVE = '/m/0bq6ntw';
const ALL_ABOUT_EVE = '/m/0bj25';
const WEST_WAS_WON = '/m/0jvt9';
const PITT = '/m/0c6qh';
const CLOONEY = '/m/014zcr';
const LOCATIONS = '/film/film/featured_film_locations';

type Triple = [string, string, string];
let triples: Triple[] = [];
let fb: KgStore;
const tmp = tempDir('relata-multihop-');

/** The slice: all triples of the anchors, then two rings of the named predicates around nodes of degree < 1500. */
function fbSlice(anchors: string[]): Triple[] {
  const dir = datasetPath('fb15k-237');
  const all = ['train.txt', 'valid.txt', 'test.txt'].flatMap((f) =>
    readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t') as Triple),
  );
  const ring = new Set([DIR, ACT, GENRE, LANG, MUSIC, BORN, PROF, CONTAINS, FOUNDED, LOCATIONS, '/people/person/gender']);
  const degree = new Map<string, number>();
  for (const [s, , o] of all) for (const x of [s, o]) degree.set(x, (degree.get(x) ?? 0) + 1);
  const kept = new Set<number>();
  const seen = new Set(anchors);
  let frontier = new Set(anchors);
  for (let depth = 0; depth < 3; depth++) {
    const next = new Set<string>();
    all.forEach(([s, p, o], i) => {
      if ((depth > 0 && !ring.has(p)) || !(frontier.has(s) || frontier.has(o))) return;
      kept.add(i);
      for (const x of [s, o]) if (!seen.has(x) && degree.get(x)! < 1500) (seen.add(x), next.add(x));
    });
    frontier = next;
  }
  return [...kept].map((i) => all[i]);
}

/** Nodes reached from `from` by p, forward (s → o) or backward. */
function walk(from: Iterable<string>, p: string, dir: 'f' | 'b'): string[] {
  const xs = new Set(from);
  return [...new Set(triples.filter((t) => t[1] === p && xs.has(dir === 'f' ? t[0] : t[2])).map((t) => (dir === 'f' ? t[2] : t[0])))];
}
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const keys = (r: AskResult): string[] => sorted(r.answers.map((a) => a.key));

beforeAll(async () => {
  triples = fbSlice([COPPOLA, SPIELBERG, HANKS, CARREY, APPLE, LA, EASTWOOD, BURTON, IN_BRUGES, BLADE_2, FAST_FIVE, ALL_ABOUT_EVE, WEST_WAS_WON, PITT, CLOONEY]);
  const names = readFileSync(datasetPath('fb15k-237', 'entity_names.tsv'), 'utf8');
  const used = new Set(triples.flatMap(([s, , o]) => [s, o]));
  writeFileSync(join(tmp.dir, 'train.txt'), `${triples.map((t) => t.join('\t')).join('\n')}\n`);
  // The importer wants all three splits; each of the others repeats a training triple (stored once).
  writeFileSync(join(tmp.dir, 'valid.txt'), `${triples[0].join('\t')}\n`);
  writeFileSync(join(tmp.dir, 'test.txt'), `${triples[1].join('\t')}\n`);
  writeFileSync(join(tmp.dir, 'entity_names.tsv'), `${names.split('\n').filter((l) => used.has(l.split('\t')[0])).join('\n')}\n`);
  fb = KgStore.open(':memory:');
  await importFiles(fb, [{ path: tmp.dir }]);
}, 120_000);
afterAll(() => {
  fb?.close();
  tmp.cleanup();
});

describe('multi-hop readings on FB15k-237', () => {
  it('walks on to the kind asked for when the first hop reaches few of its values ("What languages are the films directed by Coppola in?")', async () => {
    const r = await ask(fb, 'What languages are the films directed by Francis Ford Coppola in?', null);
    const gold = sorted(walk(walk([COPPOLA], DIR, 'f'), LANG, 'f'));
    expect(gold.length).toBeGreaterThan(3);
    expect(r.reading).toContain(LANG);
    expect(keys(r)).toEqual(gold);
  });

  it('"X\'s films" are those of the role X has most: Spielberg directed, Tom Hanks acted', async () => {
    expect(walk([SPIELBERG], DIR, 'f').length).toBeGreaterThan(walk([SPIELBERG], ACT, 'f').length);
    const music = await ask(fb, "Who composed the music for Steven Spielberg's films?", null);
    expect(keys(music)).toEqual(sorted(walk(walk([SPIELBERG], DIR, 'f'), MUSIC, 'f')));
    const genres = await ask(fb, "What genres are Tim Burton's films?", null);
    expect(keys(genres)).toEqual(sorted(walk(walk([BURTON], DIR, 'f'), GENRE, 'f')));
    const hanks = await ask(fb, "What are Tom Hanks's films?", null);
    expect(hanks.reading).toContain(ACT);
    expect(keys(hanks)).toEqual(sorted(walk([HANKS], ACT, 'f')));
  });

  it('a verb and its agent noun ("directed by the directors of") walk the relation back: a three-hop chain', async () => {
    const r = await ask(fb, 'Which films were directed by the directors of the films Jim Carrey starred in?', null);
    const directors = walk(walk([CARREY], ACT, 'f'), DIR, 'b');
    const gold = sorted(walk(directors, DIR, 'f'));
    expect(gold.length).toBeGreaterThan(10);
    expect(r.reading.match(new RegExp(DIR, 'g'))?.length).toBe(2);
    expect(keys(r)).toEqual(gold);
  });

  it('the verb right after the wh-phrase has the answer as subject ("Which places contain the birthplaces of …")', async () => {
    const r = await ask(fb, 'Which places contain the birthplaces of the founders of Apple Inc.?', null);
    const births = walk(walk([APPLE], FOUNDED, 'b'), BORN, 'f');
    const gold = sorted(walk(births, CONTAINS, 'b'));
    expect(gold.length).toBeGreaterThan(0);
    expect(r.reading).toContain(`'${CONTAINS}'(X, X2)`);
    expect(keys(r)).toEqual(gold);
  });

  it('a kind the relations do not say is an entity the answers are linked to (profession, genre)', async () => {
    const actors = await ask(fb, 'Which actors were born in Los Angeles?', null);
    const born = walk([LA], BORN, 'b');
    const gold = sorted(born.filter((x) => walk([x], PROF, 'f').includes(ACTOR)));
    expect(gold.length).toBeGreaterThan(10);
    expect(gold.length).toBeLessThan(born.length);
    expect(actors.reading).toContain(`'${PROF}'(X, '${ACTOR}')`);
    expect(keys(actors)).toEqual(gold);
    const comedies = sorted(walk([CARREY], ACT, 'f').filter((x) => walk([x], GENRE, 'f').includes(COMEDY)));
    expect(comedies.length).toBeGreaterThan(2);
    expect(keys(await ask(fb, 'Which comedy films did Jim Carrey star in?', null))).toEqual(comedies);
    const count = await ask(fb, 'How many comedy films did Jim Carrey star in?', null);
    expect(count.answers[0].key).toBe(String(comedies.length));
    const hanksComedies = sorted(walk([HANKS], ACT, 'f').filter((x) => walk([x], GENRE, 'f').includes(COMEDY)));
    expect(keys(await ask(fb, 'Which of the films that Tom Hanks starred in are comedies?', null))).toEqual(hanksComedies);
    expect(keys(await ask(fb, "What are Tom Hanks's comedy films?", null))).toEqual(hanksComedies);
  });

  it('a pronoun after the only name is that name again ("Which films directed by Clint Eastwood did he also act in?")', async () => {
    const r = await ask(fb, 'Which films directed by Clint Eastwood did he also act in?', null);
    const acted = new Set(walk([EASTWOOD], ACT, 'f'));
    const gold = sorted(walk([EASTWOOD], DIR, 'f').filter((x) => acted.has(x)));
    expect(gold.length).toBeGreaterThan(0);
    expect(keys(r)).toEqual(gold);
  });
});

describe('relations walked back and idioms', () => {
  it('music is composed whatever verb says it ("Who wrote the music for the films Coppola directed?")', async () => {
    const r = await ask(fb, 'Who wrote the music for the films Francis Ford Coppola directed?', null);
    // The entity asked about is never its own answer (Coppola scored one of his films).
    const gold = sorted(walk(walk([COPPOLA], DIR, 'f'), MUSIC, 'f').filter((x) => x !== COPPOLA));
    expect(gold.length).toBeGreaterThan(1);
    expect(keys(r)).toEqual(gold);
  });

  it('a hop that says both ends of its relation is walked back for the nouns beyond ("the films made by the director of In Bruges")', async () => {
    const films = walk(walk([IN_BRUGES], DIR, 'b'), DIR, 'f');
    expect(films.length).toBeGreaterThan(1);
    expect(keys(await ask(fb, 'What genres are the films made by the director of In Bruges?', null))).toEqual(sorted(walk(films, GENRE, 'f')));
    expect(keys(await ask(fb, 'What are the films of the director of In Bruges?', null))).toEqual(sorted(films.filter((x) => x !== IN_BRUGES)));
    expect(keys(await ask(fb, "Which films did In Bruges's director also direct?", null))).toEqual(sorted(films.filter((x) => x !== IN_BRUGES)));
  });

  it('an agent noun apart from the noun it relates ("the films of the composer of Fast Five", "the films starring the actors of All About Eve") is there and back', async () => {
    const films = walk(walk([FAST_FIVE], MUSIC, 'f'), MUSIC, 'b');
    const genres = await ask(fb, 'Which genres do the films of the composer of Fast Five belong to?', null);
    expect(keys(genres)).toEqual(sorted(walk(films, GENRE, 'f')));
    const directors = walk(walk(walk([ALL_ABOUT_EVE], ACT, 'b'), ACT, 'f'), DIR, 'b');
    expect(directors.length).toBeGreaterThan(1);
    expect(keys(await ask(fb, 'Who directed the films starring the actors of All About Eve?', null))).toEqual(sorted(directors));
    const comedies = walk(walk([BLADE_2], DIR, 'b'), DIR, 'f').filter((x) => x !== BLADE_2 && walk([x], GENRE, 'f').includes(COMEDY));
    expect(comedies.length).toBeGreaterThan(0);
    expect(keys(await ask(fb, 'Which comedy films did the director of Blade II make?', null))).toEqual(sorted(comedies));
  });

  it('a kind is what answers have, shared beyond them: a film named "City Slickers" is no kind of city, names are no kinds', async () => {
    const cities = await ask(fb, 'In which cities were the actors of How the West Was Won born?', null);
    expect(keys(cities)).toEqual(sorted(walk(walk([WEST_WAS_WON], ACT, 'b'), BORN, 'f')));
    const both = new Set(walk([CLOONEY], ACT, 'f'));
    const together = sorted(walk([PITT], ACT, 'f').filter((x) => both.has(x)));
    expect(together.length).toBeGreaterThan(2);
    expect(keys(await ask(fb, 'Which films did Brad Pitt and George Clooney appear in together?', null))).toEqual(together);
  });

  it('a verb said again after the name, first with the answer as subject, walks back ("What else treats the diseases that Nevirapine treats?")', async () => {
    const dir = datasetPath('biomed-mini');
    const bio = KgStore.open(':memory:');
    try {
      await importFiles(bio, [{ path: join(dir, 'triples.tsv') }, { path: join(dir, 'entities.tsv') }]);
      const rows = readFileSync(join(dir, 'triples.tsv'), 'utf8').split('\n').map((l) => l.split('\t'));
      const nevirapine = 'Compound::DB00238';
      const diseases = new Set(rows.filter(([s, p]) => s === nevirapine && p === 'treats').map(([, , o]) => o));
      const gold = sorted(rows.filter(([s, p, o]) => p === 'treats' && diseases.has(o) && s !== nevirapine).map(([s]) => s));
      expect(gold.length).toBeGreaterThan(3);
      expect(keys(await ask(bio, 'What else treats the diseases that Nevirapine treats?', null))).toEqual(gold);
    } finally {
      bio.close();
    }
  });

  it('a participle with "by" is passive without an auxiliary ("the companies owned by Halden Holdings")', async () => {
    const ns = 'http://corp.example.org/';
    const corp = KgStore.open(':memory:');
    try {
      await corp.write(() => {
        const w = new TripleWriter(corp, { kind: 'user', name: 'companies' });
        const e = (k: string): number => w.entity(`${ns}${k.toLowerCase().replace(/ /g, '_')}`, k);
        const add = (s: string, p: string, o: string): void => void w.add(e(s), w.predicate(`${ns}${p}`), e(o));
        // Halden Holdings owns two companies and is itself owned (by Zorn Capital): the direction decides the answer.
        add('Zorn Capital', 'owns', 'Halden Holdings');
        add('Halden Holdings', 'owns', 'Brenta Mining');
        add('Halden Holdings', 'owns', 'Calder Foods');
        add('Zorn Capital', 'foundedBy', 'Ingrid Achterberg');
        add('Brenta Mining', 'foundedBy', 'Tobias Blomqvist');
        add('Calder Foods', 'foundedBy', 'Mireille Castellane');
        add('Calder Foods', 'foundedBy', 'Casimir Drummond');
        add('Zorn Capital', 'owns', 'Tarrant Mining');
        add('Zorn Capital', 'owns', 'Garnet Works');
        add('Brenta Mining', 'ceo', 'Solveig Ivanova');
        for (const [c, i] of [['Tarrant Mining', 'Mining'], ['Brenta Mining', 'Mining'], ['Garnet Works', 'Software'], ['Calder Foods', 'Retail'], ['Halden Holdings', 'Banking']]) add(c, 'industry', i);
        w.finish();
      });
      const r = await ask(corp, 'Who founded the companies owned by Halden Holdings?', null);
      expect(r.answers.map((a) => a.label).sort()).toEqual(['Casimir Drummond', 'Mireille Castellane', 'Tobias Blomqvist']);
      // "runs" says chief executive; "the owner of X … own" walks ownership up and down; "mining" names the industry.
      const runs = await ask(corp, 'Who runs the companies owned by Halden Holdings?', null);
      expect(runs.answers.map((a) => a.label)).toEqual(['Solveig Ivanova']);
      const mining = await ask(corp, 'Which mining companies does the owner of Halden Holdings own?', null);
      expect(mining.answers.map((a) => a.label)).toEqual(['Tarrant Mining']);
      // The possessed agent and its verb: the owner's other companies.
      const also = await ask(corp, "Which companies does Brenta Mining's owner also own?", null);
      expect(also.answers.map((a) => a.label)).toEqual(['Calder Foods']);
    } finally {
      corp.close();
    }
  });
});

describe('either-or questions', () => {
  it('"Is Tom Hanks male or female?" answers the option the KG links him to, citing the triple', async () => {
    const gender = triples.find(([s, p]) => s === HANKS && p === '/people/person/gender')![2];
    const r = await ask(fb, 'Is Tom Hanks male or female?', null);
    expect(keys(r)).toEqual([gender]);
    expect(r.reading).toBe(`?- '/people/person/gender'('${HANKS}', '${gender}').`);
    expect(r.facts.some((f) => f.subject.key === HANKS && f.object.key === gender)).toBe(true);
  });
});

describe('kinship: ties and kinds on a generated family', () => {
  let store: KgStore;
  const f = generateFamily(200, 4, 77);
  // The family tree's own relations: parents, siblings (sharing a parent), cousins (children of the parents' siblings).
  const parents = (x: string): string[] => f.parents.filter(([c]) => c === x).map(([, p]) => p);
  const children = (x: string): string[] => f.parents.filter(([, p]) => p === x).map(([c]) => c);
  const siblings = (x: string): string[] => [...new Set(parents(x).flatMap(children))].filter((y) => y !== x);
  const rel = (x: string, r: 'sibling' | 'father' | 'cousin'): string[] =>
    r === 'sibling' ? siblings(x) : r === 'father' ? parents(x).filter((p) => f.gender.get(p) === 'male') : [...new Set(parents(x).flatMap(siblings).flatMap(children))];
  const name = (p: string): string => `Person ${p.slice(1)}`;
  beforeAll(async () => {
    store = KgStore.open(':memory:');
    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'generated family' });
      const ent = (k: string): number => w.entity(k, /^p\d+$/.test(k) ? name(k) : k);
      for (const [s, p, o] of mixedFacts(f, 78)) if (p !== 'gender') w.add(ent(s), w.predicate(p), ent(o));
      for (const x of f.people) w.add(ent(x), w.predicate('gender'), ent(f.gender.get(x)!));
      w.finish();
    });
  });
  afterAll(() => store?.close());

  it('the same relation read either way scores the same: the of-chain order decides ("the fathers of X\'s siblings")', async () => {
    const xs = f.people.filter((x) => rel(x, 'sibling').length >= 2).slice(0, 5);
    expect(xs.length).toBe(5);
    for (const x of xs) {
      const r = await ask(store, `Who are the fathers of ${name(x)}'s siblings?`, null);
      expect(keys(r), r.reading).toEqual(sorted(rel(x, 'sibling').flatMap((s) => rel(s, 'father'))));
    }
  });

  it('"Is X male or female?" answers from the stored gender', async () => {
    for (const x of f.people.slice(0, 4)) {
      const r = await ask(store, `Is ${name(x)} male or female?`, null);
      expect(keys(r)).toEqual([f.gender.get(x)!]);
    }
  });

  it('"Which of X\'s cousins are female?" and "X\'s female cousins" keep the cousins linked to the gender named', async () => {
    const xs = f.people.filter((x) => {
      const c = rel(x, 'cousin');
      return c.some((y) => f.gender.get(y) === 'female') && c.some((y) => f.gender.get(y) === 'male');
    });
    expect(xs.length).toBeGreaterThan(2);
    for (const x of xs.slice(0, 3)) {
      const gold = sorted(rel(x, 'cousin').filter((y) => f.gender.get(y) === 'female'));
      expect(keys(await ask(store, `Which of ${name(x)}'s cousins are female?`, null))).toEqual(gold);
      expect(keys(await ask(store, `Who are ${name(x)}'s female cousins?`, null))).toEqual(gold);
    }
  });
});
