/**
 * Offline question answering benchmark: generated question sets, scored by Hits@1 and exact answer-set match of
 * `qa.ask`'s `answers`, per hop count, with latency.
 *
 *   node --import tsx bench/qa/qa-bench.ts [--fb /tmp/fb15k-237.sqlite] [--n 200] [--seed 7] [--json out.json]
 *
 * Sets (the gold answers are computed from the data, never from the answerer):
 *  - fb15k-237 1-hop "own words": test triples (h, r, t) → "What is the <r, readable> of <h>?", gold = every t' with
 *    (h, r, t') in the KG (all splits); the question uses the relation's readable form, so this checks linking and
 *    relation choice among the entity's ~50 relations, not paraphrase.
 *  - fb15k-237 1-hop paraphrased: hand-written English for 20 common relations ("Where was X born?", "Who directed X?",
 *    "Which films did X star in?"), both directions.
 *  - fb15k-237 2-hop / 3-hop: random chains from test triples, asked as of-chains ("What is the r2 of the r1 of h?"),
 *    plus hand-written 2-hop paraphrases ("Who directed the films that X starred in?").
 *  - kinship: a generated family (core/reasoning/family-generator, mixed vocabulary, named people), questions in
 *    three phrasings for 20 relations, gold from the family tree itself; 2-hop "the R2 of X's R1".
 * The FB15k-237 KG is imported once into --fb (default /tmp/relata-qa-fb15k-237.sqlite) and reused.
 */
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFiles } from '../../src-main/core/import/import-files.js';
import { ask } from '../../src-main/core/qa/ask.js';
import { relationWords } from '../../src-main/core/qa/lexicon.js';
import { baseFacts, generateFamily, mixedFacts, type Family } from '../../test-support/family-generator.js';
import { KgStore } from '../../src-main/core/store/kg-store.js';
import { TripleWriter } from '../../src-main/core/store/triple-writer.js';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('n', '200'));
const SEED = Number(opt('seed', '7'));
const FB = opt('fb', '/tmp/relata-qa-fb15k-237.sqlite');
const DATASETS = resolve(import.meta.dirname, '../../../shared/datasets');

const rng = new Mulberry32(SEED);
const rnd = (): number => rng.next();
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

interface Question {
  set: string;
  hops: number;
  question: string;
  gold: Set<string>;
}

interface Score {
  n: number;
  hits1: number;
  exact: number;
  ms: number[];
  misses: string[];
  slowest: Array<[number, string]>;
}

async function run(store: KgStore, qs: Question[], scores: Map<string, Score>): Promise<void> {
  // One warm-up question: the rule packs' relations are evaluated once per KG and cached.
  if (qs.length) await ask(store, qs[0].question, null);
  for (const q of qs) {
    const t0 = performance.now();
    const r = await ask(store, q.question, null);
    const ms = performance.now() - t0;
    const key = `${q.set}\t${q.hops}`;
    const s = scores.get(key) ?? { n: 0, hits1: 0, exact: 0, ms: [], misses: [], slowest: [] };
    s.slowest = [...s.slowest, [ms, q.question] as [number, string]].sort((a, b) => b[0] - a[0]).slice(0, 3);
    s.n++;
    s.ms.push(ms);
    const got = r.answers.map((a) => a.key);
    const hit = got.length > 0 && q.gold.has(got[0]);
    if (hit) s.hits1++;
    if (got.length === q.gold.size && got.every((k) => q.gold.has(k))) s.exact++;
    if (!hit && s.misses.length < 8) s.misses.push(`${q.question} → ${r.reading || r.answer.slice(0, 80)} [${got.slice(0, 3).join(', ')}]`);
    scores.set(key, s);
  }
}

// ---------------------------------------------------------------- FB15k-237
async function fbStore(): Promise<KgStore> {
  if (!existsSync(FB)) {
    const s = KgStore.open(FB);
    const t0 = performance.now();
    await importFiles(s, [{ path: resolve(DATASETS, 'fb15k-237') }]);
    console.error(`imported FB15k-237 into ${FB} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return s;
  }
  return KgStore.open(FB);
}

/** Hand-written English for common relations: [predicate, direction the question walks from the named entity, templates]. */
const PARAPHRASES: Array<[string, 'f' | 'b', string[]]> = [
  ['/people/person/place_of_birth', 'f', ['Where was {e} born?', "What is {e}'s birthplace?", 'In which city was {e} born?']],
  ['/people/person/nationality', 'f', ['What is the nationality of {e}?', "What is {e}'s nationality?"]],
  ['/people/person/profession', 'f', ["What is {e}'s profession?", 'What is the profession of {e}?']],
  ['/people/person/gender', 'f', ['What is the gender of {e}?']],
  ['/people/person/religion', 'f', ["What is {e}'s religion?"]],
  ['/people/person/languages', 'f', ['What languages does {e} speak?']],
  ['/people/deceased_person/place_of_death', 'f', ['Where did {e} die?', 'What is the place of death of {e}?']],
  ['/people/person/spouse_s./people/marriage/spouse', 'f', ['Who is the spouse of {e}?', 'Who was {e} married to?']],
  ['/people/person/places_lived./people/place_lived/location', 'f', ['Where did {e} live?', 'Where has {e} lived?']],
  ['/film/film/genre', 'f', ['What is the genre of {e}?', 'What genres is {e}?']],
  ['/film/director/film', 'b', ['Who directed {e}?', 'Who is the director of {e}?']],
  ['/film/director/film', 'f', ['Which films did {e} direct?', 'What movies were directed by {e}?']],
  ['/film/actor/film./film/performance/film', 'f', ['Which films did {e} star in?', 'What movies has {e} acted in?']],
  ['/film/film/written_by', 'f', ['Who wrote {e}?', 'Who is the writer of {e}?']],
  ['/film/film/produced_by', 'f', ['Who produced {e}?', 'Who was the producer of {e}?']],
  ['/film/film/music', 'f', ['Who composed the music for {e}?', 'Who wrote the score of {e}?']],
  ['/film/film/language', 'f', ['What is the language of {e}?', 'In which language is {e}?']],
  ['/film/film/country', 'f', ['What is the country of {e}?', 'Which country is {e} from?']],
  ['/organization/organization/headquarters./location/mailing_address/citytown', 'f', ['In which city is {e} headquartered?', 'Where are the headquarters of {e}?']],
  ['/organization/organization_founder/organizations_founded', 'f', ['Which organizations did {e} found?']],
  ['/organization/organization_founder/organizations_founded', 'b', ['Who founded {e}?', 'Who are the founders of {e}?']],
  ['/location/location/contains', 'b', ['Which places contain {e}?']],
];

/** Hand-written 2-hop questions: [template, first hop, second hop]. */
const PARAPHRASES_2: Array<[string, [string, 'f' | 'b'], [string, 'f' | 'b']]> = [
  ['Who directed the films that {e} starred in?', ['/film/actor/film./film/performance/film', 'f'], ['/film/director/film', 'b']],
  ['What are the genres of the films that {e} starred in?', ['/film/actor/film./film/performance/film', 'f'], ['/film/film/genre', 'f']],
  ['Where were the founders of {e} born?', ['/organization/organization_founder/organizations_founded', 'b'], ['/people/person/place_of_birth', 'f']],
  ['Where was the spouse of {e} born?', ['/people/person/spouse_s./people/marriage/spouse', 'f'], ['/people/person/place_of_birth', 'f']],
  ['What is the nationality of the director of {e}?', ['/film/director/film', 'b'], ['/people/person/nationality', 'f']],
  ['Which actors starred in the films directed by {e}?', ['/film/director/film', 'f'], ['/film/actor/film./film/performance/film', 'b']],
];

function fbQuestions(store: KgStore): Question[] {
  const db = store.db;
  const name = new Map<number, string>();
  const count = new Map<string, number>();
  for (const r of db.prepare('SELECT id, label FROM entities WHERE label IS NOT NULL').all() as Array<{ id: number; label: string }>) {
    name.set(r.id, r.label);
    count.set(r.label.toLowerCase(), (count.get(r.label.toLowerCase()) ?? 0) + 1);
  }
  const unique = (id: number): boolean => name.has(id) && count.get(name.get(id)!.toLowerCase()) === 1 && /\p{L}/u.test(name.get(id)!);
  const keyOf = db.prepare('SELECT key FROM entities WHERE id = ?').pluck();
  const predKey = new Map((db.prepare('SELECT id, key FROM predicates').all() as Array<{ id: number; key: string }>).map((p) => [p.key, p.id]));
  const predOf = new Map([...predKey].map(([k, id]) => [id, k]));
  const fwd = db.prepare('SELECT o FROM triples WHERE s = ? AND p = ? AND o > 0').pluck();
  const bwd = db.prepare('SELECT s FROM triples WHERE o = ? AND p = ?').pluck();
  const walk = (from: number[], p: number, dir: 'f' | 'b'): number[] => [...new Set(from.flatMap((x) => (dir === 'f' ? fwd.all(x, p) : bwd.all(x, p)) as number[]))];
  const test = db.prepare("SELECT s, p, o FROM triples WHERE split = 'test' AND o > 0").all() as Array<{ s: number; p: number; o: number }>;
  const readable = (p: number): string => relationWords(predOf.get(p)!, null).readable.replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
  const out: Question[] = [];
  const gold = (ids: number[]): Set<string> => new Set(ids.map((i) => keyOf.get(i) as string));

  // 1-hop, the relation's own words.
  for (let tries = 0; out.length < N && tries < N * 20; tries++) {
    const t = pick(test);
    if (!unique(t.s)) continue;
    const answers = walk([t.s], t.p, 'f');
    if (answers.length > 20) continue;
    out.push({ set: 'fb15k-237 own words', hops: 1, question: pick([`What is the ${readable(t.p)} of ${name.get(t.s)}?`, `What is ${name.get(t.s)}'s ${readable(t.p)}?`]), gold: gold(answers) });
  }
  // 1-hop paraphrased.
  let made = 0;
  for (let tries = 0; made < N && tries < N * 50; tries++) {
    const [pk, dir, templates] = pick(PARAPHRASES);
    const p = predKey.get(pk);
    if (p === undefined) continue;
    const t = pick(test.filter((x) => x.p === p));
    if (!t) continue;
    const e = dir === 'f' ? t.s : t.o;
    if (!unique(e)) continue;
    const answers = walk([e], p, dir);
    if (!answers.length || answers.length > 20) continue;
    out.push({ set: 'fb15k-237 paraphrased', hops: 1, question: pick(templates).replace('{e}', name.get(e)!), gold: gold(answers) });
    made++;
  }
  // 2- and 3-hop of-chains from test triples.
  for (const hops of [2, 3]) {
    made = 0;
    for (let tries = 0; made < N && tries < N * 100; tries++) {
      const t = pick(test);
      if (!unique(t.s)) continue;
      const ps = [t.p];
      let frontier = walk([t.s], t.p, 'f');
      let ok = frontier.length > 0 && frontier.length <= 5;
      for (let h = 1; ok && h < hops; h++) {
        const cand = db.prepare('SELECT DISTINCT p FROM triples WHERE s IN (SELECT value FROM json_each(?)) AND o > 0').pluck().all(JSON.stringify(frontier)) as number[];
        const p = pick(cand.filter((c) => !ps.includes(c)));
        if (p === undefined) { ok = false; break; }
        ps.push(p);
        frontier = walk(frontier, p, 'f').filter((x) => x !== t.s);
        ok = frontier.length > 0 && frontier.length <= (h === hops - 1 ? 20 : 5);
      }
      if (!ok) continue;
      // Relations whose readable forms share words make the chain ambiguous as English; keep distinct ones.
      const words = ps.map((p) => new Set(relationWords(predOf.get(p)!, null).main));
      if (words.some((w, i) => words.some((v, j) => j !== i && [...w].some((x) => v.has(x))))) continue;
      const q = `What is the ${ps.slice().reverse().map(readable).join(' of the ')} of ${name.get(t.s)}?`;
      out.push({ set: 'fb15k-237 of-chain', hops, question: q, gold: gold(frontier) });
      made++;
    }
  }
  // 2-hop paraphrased.
  made = 0;
  for (let tries = 0; made < N / 2 && tries < N * 50; tries++) {
    const [template, [p1k, d1], [p2k, d2]] = pick(PARAPHRASES_2);
    const p1 = predKey.get(p1k);
    const p2 = predKey.get(p2k);
    if (p1 === undefined || p2 === undefined) continue;
    const t = pick(test.filter((x) => x.p === p1));
    if (!t) continue;
    const e = d1 === 'f' ? t.s : t.o;
    if (!unique(e)) continue;
    const mid = walk([e], p1, d1);
    if (!mid.length || mid.length > 10) continue;
    const answers = walk(mid, p2, d2).filter((x) => x !== e);
    if (!answers.length || answers.length > 30) continue;
    out.push({ set: 'fb15k-237 paraphrased', hops: 2, question: template.replace('{e}', name.get(e)!), gold: gold(answers) });
    made++;
  }
  return out;
}

// ---------------------------------------------------------------- kinship
const FIRST = 'Ada Ben Cora Dan Eve Finn Gia Hugo Iris Jack Kira Leo Mia Nils Ola Paul Quin Rosa Sam Tara Ugo Vera Walt Xena Yuri Zoe Alma Boris Clara Dario Elsa Felix Greta Hans Ines Jonas Katja Lars Marta Noah'.split(' ');
const LAST = 'Abbott Brook Carver Dunn Ellis Frost Grant Hale Irwin Jones Keane Lowe Marsh Noble Oakes Pike Quill Reed Stone Thorne Upton Vance Webb Yates Zane Ames Bell Cole Drake Eaton Fox Gray Hart Ives Judd Kent Lane Moss Nash Orr'.split(' ');

function kinship(f: Family): { relatives: (x: string, rel: string) => string[] } {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const spouses = new Map<string, string[]>();
  for (const [c, p] of f.parents) {
    (parents.get(c) ?? parents.set(c, []).get(c)!).push(p);
    (children.get(p) ?? children.set(p, []).get(p)!).push(c);
  }
  for (const [a, b] of f.spouses) {
    (spouses.get(a) ?? spouses.set(a, []).get(a)!).push(b);
    (spouses.get(b) ?? spouses.set(b, []).get(b)!).push(a);
  }
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  const male = (x: string): boolean => f.gender.get(x) === 'male';
  const par = (x: string): string[] => parents.get(x) ?? [];
  const chi = (x: string): string[] => children.get(x) ?? [];
  const sib = (x: string): string[] => uniq(par(x).flatMap(chi)).filter((y) => y !== x);
  const blood = (x: string): string[] => uniq(par(x).flatMap(sib));
  const pib = (x: string): string[] => uniq([...blood(x), ...blood(x).flatMap((b) => spouses.get(b) ?? [])]);
  const nib = (x: string): string[] => f.people.filter((y) => pib(y).includes(x));
  const base: Record<string, (x: string) => string[]> = {
    parent: par,
    child: chi,
    sibling: sib,
    spouse: (x) => spouses.get(x) ?? [],
    grandparent: (x) => uniq(par(x).flatMap(par)),
    grandchild: (x) => uniq(chi(x).flatMap(chi)),
    pibling: pib,
    nibling: nib,
    cousin: (x) => uniq(blood(x).flatMap(chi)),
  };
  const gendered: Record<string, [string, boolean]> = {
    father: ['parent', true], mother: ['parent', false], son: ['child', true], daughter: ['child', false], brother: ['sibling', true], sister: ['sibling', false],
    husband: ['spouse', true], wife: ['spouse', false], grandfather: ['grandparent', true], grandmother: ['grandparent', false], grandson: ['grandchild', true],
    granddaughter: ['grandchild', false], uncle: ['pibling', true], aunt: ['pibling', false], nephew: ['nibling', true], niece: ['nibling', false],
  };
  return {
    relatives: (x, rel) => (gendered[rel] ? base[gendered[rel][0]](x).filter((y) => male(y) === gendered[rel][1]) : base[rel](x)),
  };
}

const PLURAL: Record<string, string> = { child: 'children', grandchild: 'grandchildren', wife: 'wives', sibling: 'siblings', cousin: 'cousins' };
const plural = (r: string): string => PLURAL[r] ?? `${r}s`;

async function kinshipSet(mixed: boolean): Promise<{ store: KgStore; qs: Question[] }> {
  const f = generateFamily(400, 4, SEED + (mixed ? 0 : 100));
  // Mixed: each link as father/mother/parent or son/daughter/child, couples as husband/wife/spouse; base: parent, spouse, gender.
  const facts = mixed ? mixedFacts(f, SEED + 1) : baseFacts(f);
  const setName = mixed ? 'kinship (generated family)' : 'kinship (generated family, base vocabulary)';
  const names = new Map(f.people.map((p, i) => [p, `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`]));
  const store = KgStore.open(':memory:');
  await store.write(() => {
    const w = new TripleWriter(store, { kind: 'user', name: 'generated family' });
    const ent = (k: string): number => w.entity(k, names.get(k) ?? k);
    for (const [s, p, o] of facts) if (p !== 'gender') w.add(ent(s), w.predicate(p), ent(o));
    // Every person's gender is stated (as most KGs do); relations alone leave some unknowable.
    for (const x of f.people) w.add(ent(x), w.predicate('gender'), ent(f.gender.get(x)!));
    w.finish();
  });
  const k = kinship(f);
  const rels = ['father', 'mother', 'parent', 'son', 'daughter', 'child', 'brother', 'sister', 'sibling', 'husband', 'wife', 'spouse', 'grandfather', 'grandmother', 'grandchild', 'uncle', 'aunt', 'nephew', 'niece', 'cousin'];
  const qs: Question[] = [];
  for (let tries = 0; qs.length < N && tries < N * 50; tries++) {
    const x = pick(f.people);
    const r = pick(rels);
    const g = k.relatives(x, r);
    if (!g.length) continue;
    const n = names.get(x)!;
    const question = pick([`Who is ${n}'s ${r}?`, `Who are the ${plural(r)} of ${n}?`, `Who are ${n}'s ${plural(r)}?`]);
    qs.push({ set: setName, hops: 1, question, gold: new Set(g) });
  }
  let made = 0;
  for (let tries = 0; made < N / 2 && tries < N * 50; tries++) {
    const x = pick(f.people);
    const r1 = pick(rels);
    const r2 = pick(rels);
    const mid = k.relatives(x, r1);
    if (!mid.length) continue;
    const g = [...new Set(mid.flatMap((m) => k.relatives(m, r2)))].filter((y) => y !== x);
    if (!g.length) continue;
    qs.push({ set: setName, hops: 2, question: `Who are the ${plural(r2)} of ${names.get(x)}'s ${plural(r1)}?`, gold: new Set(g) });
    made++;
  }
  return { store, qs };
}

// ---------------------------------------------------------------- main
const scores = new Map<string, Score>();
for (const mixed of [true, false]) {
  const kin = await kinshipSet(mixed);
  await run(kin.store, kin.qs, scores);
  kin.store.close();
}
const fb = await fbStore();
await run(fb, fbQuestions(fb), scores);
fb.close();

const pct = (a: number, n: number): string => `${((100 * a) / n).toFixed(1)} %`;
const quantile = (xs: number[], q: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
console.log('| set | hops | questions | Hits@1 | exact set | median ms | p95 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const [key, s] of [...scores].sort()) {
  const [set, hops] = key.split('\t');
  console.log(`| ${set} | ${hops} | ${s.n} | ${pct(s.hits1, s.n)} | ${pct(s.exact, s.n)} | ${quantile(s.ms, 0.5).toFixed(0)} | ${quantile(s.ms, 0.95).toFixed(0)} |`);
}
for (const [key, s] of [...scores].sort()) if (s.misses.length) console.error(`\n${key.replace('\t', ' hops ')} misses:\n  ${s.misses.join('\n  ')}`);
for (const [key, s] of [...scores].sort()) console.error(`\n${key.replace('\t', ' hops ')} slowest: ${s.slowest.map(([ms, q]) => `${ms.toFixed(0)} ms ${q}`).join(' | ')}`);
const jsonOut = opt('json', '');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(Object.fromEntries([...scores].map(([k, s]) => [k, { ...s, ms: undefined, slowest: undefined, median_ms: quantile(s.ms, 0.5), p95_ms: quantile(s.ms, 0.95) }])), null, 2));
