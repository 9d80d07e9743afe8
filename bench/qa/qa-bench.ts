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
 *  - held out (held-out.ts): 79 questions written by hand before the answerer was run on them — look-ups, chains,
 *    intersections ("Which … also …"), counts, superlatives, type words — over FB15k-237, biomed-mini and a generated
 *    family; gold from the data. `--held-out-only` runs just these; `--held-out-md FILE` writes their table and misses.
 * The FB15k-237 KG is imported once into --fb (default /tmp/relata-qa-fb15k-237.sqlite) and reused.
 */
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFiles } from '../../src-main/core/import/import-files.js';
import { ask } from '../../src-main/core/qa/ask.js';
import { relationWords } from '../../src-main/core/qa/lexicon.js';
import { baseFacts, generateFamily, mixedFacts } from '../../test-support/family-generator.js';
import { relativesOf } from './family-gold.js';
import { familyKg } from './family-kg.js';
import { KgStore } from '../../src-main/core/store/kg-store.js';
import { Mulberry32, shuffleInPlace } from '../../src-main/core/random/mulberry32.js';
import { BIOMED_HELD_OUT, FB_HELD_OUT, KIN_HELD_OUT, type Gold, type HeldOutQuestion, type Walk } from './held-out.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('n', '200'));
const SEED = Number(opt('seed', '7'));
const FB = opt('fb', '/tmp/relata-qa-fb15k-237.sqlite');
const HELD_OUT_ONLY = args.includes('--held-out-only');
const MAX_MISSES = HELD_OUT_ONLY ? 100 : 8;
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

interface Question {
  /** A count question: the gold answer is the number (answers[0].key), the gold set is the counted entities. */
  count?: number;
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
    // A count is right when its first answer is the number; its exact set is the number alone.
    // An empty gold set (the KG has no answer) is right only when the answerer gives none.
    const hit = q.count !== undefined ? got[0] === String(q.count) : q.gold.size === 0 ? got.length === 0 : got.length > 0 && q.gold.has(got[0]);
    if (hit) s.hits1++;
    if (q.count !== undefined ? hit && got.length === 1 : got.length === q.gold.size && got.every((k) => q.gold.has(k))) s.exact++;
    else if (s.misses.length < MAX_MISSES) s.misses.push(`(set) ${q.question} → ${got.length} answers, gold ${q.count ?? q.gold.size}`);
    if (!hit && s.misses.length < MAX_MISSES) s.misses.push(`${q.question} → ${r.reading || r.answer.slice(0, 80)} [${got.slice(0, 3).join(', ')}]`);
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

const PLURAL: Record<string, string> = { child: 'children', grandchild: 'grandchildren', wife: 'wives', sibling: 'siblings', cousin: 'cousins' };
const plural = (r: string): string => PLURAL[r] ?? `${r}s`;

async function kinshipSet(mixed: boolean): Promise<{ store: KgStore; qs: Question[] }> {
  const f = generateFamily(400, 4, SEED + (mixed ? 0 : 100));
  // Mixed: each link as father/mother/parent or son/daughter/child, couples as husband/wife/spouse; base: parent, spouse, gender.
  const facts = mixed ? mixedFacts(f, SEED + 1) : baseFacts(f);
  const setName = mixed ? 'kinship (generated family)' : 'kinship (generated family, base vocabulary)';
  const { store, names } = await familyKg(f, facts, FIRST, LAST);
  const k = { relatives: relativesOf(f) };
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

// ---------------------------------------------------------------- held out
/** Gold answers of a hand-written question, from the KG's stored triples (keys). */
function goldOf(store: KgStore, g: Gold): { gold: Set<string>; count?: number } {
  const db = store.db;
  const idOf = db.prepare('SELECT id FROM entities WHERE key = ?').pluck();
  const keyOf = db.prepare('SELECT key FROM entities WHERE id = ?').pluck();
  const predOf = db.prepare('SELECT id FROM predicates WHERE key = ?').pluck();
  const fwd = db.prepare('SELECT o FROM triples WHERE s = ? AND p = ? AND o > 0').pluck();
  const bwd = db.prepare('SELECT s FROM triples WHERE o = ? AND p = ?').pluck();
  const walk = (wk: Walk): Set<number> => {
    const start = idOf.get(wk.from) as number | undefined;
    if (start === undefined) throw new Error(`held-out gold: no entity ${wk.from}`);
    let nodes = [start];
    for (const [pk, dir] of wk.path) {
      const p = predOf.get(pk) as number;
      nodes = [...new Set(nodes.flatMap((x) => [...(dir !== 'b' ? (fwd.all(x, p) as number[]) : []), ...(dir !== 'f' ? (bwd.all(x, p) as number[]) : [])]))].filter((x) => x !== start);
    }
    return new Set(nodes);
  };
  const and = (ws: Walk[]): Set<number> => ws.map(walk).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  const keys = (ids: Iterable<number>): Set<string> => new Set([...ids].map((i) => keyOf.get(i) as string));
  if ('walk' in g) return { gold: keys(walk(g.walk)) };
  if ('and' in g) return { gold: keys(and(g.and)) };
  if ('count' in g) {
    const ids = 'and' in g.count ? and(g.count.and) : walk(g.count);
    return { gold: keys(ids), count: ids.size };
  }
  const col = g.most.dir === 'f' ? 's' : 'o';
  const rows = db
    .prepare(`SELECT t.${col} AS x, count(*) AS n FROM triples t JOIN entities e ON e.id = t.${col} WHERE t.p = ? ${g.most.type ? 'AND e.type = ?' : ''} GROUP BY t.${col} ORDER BY n DESC`)
    .all(...[predOf.get(g.most.pred), ...(g.most.type ? [g.most.type] : [])]) as Array<{ x: number; n: number }>;
  return { gold: keys(rows.filter((r) => r.n === rows[0].n).map((r) => r.x)) };
}

function heldOut(store: KgStore, set: string, qs: HeldOutQuestion[]): Question[] {
  return qs.map((q) => ({ set: `held out: ${set} (${q.kind})`, hops: q.hops, question: q.question, ...goldOf(store, q.gold) }));
}

async function biomedStore(): Promise<KgStore> {
  const s = KgStore.open(':memory:');
  const dir = resolve(DATASETS, 'biomed-mini');
  await importFiles(s, [{ path: resolve(dir, 'triples.tsv') }, { path: resolve(dir, 'entities.tsv') }]);
  return s;
}

async function kinshipHeldOut(): Promise<{ store: KgStore; qs: Question[] }> {
  const f = generateFamily(300, 4, 2026);
  const { store, names } = await familyKg(f, mixedFacts(f, 2027), FIRST, LAST);
  const k = { relatives: relativesOf(f) };
  const spouse = (x: string): string | undefined => k.relatives(x, 'spouse')[0];
  const order = new Mulberry32(2026);
  const people = [...shuffleInPlace(Int32Array.from(f.people.keys()), order)].map((i) => f.people[i]);
  const qs: Question[] = [];
  for (const t of KIN_HELD_OUT) {
    const set = `held out: kinship (${t.kind})`;
    if (t.rels[0] === 'most') {
      const n = new Map(f.people.map((p) => [p, k.relatives(p, t.rels[1]).length]));
      const top = Math.max(...n.values());
      qs.push({ set, hops: t.hops, question: t.template, gold: new Set(f.people.filter((p) => n.get(p) === top)) });
      continue;
    }
    for (const x of people) {
      if (t.female && f.gender.get(x) !== 'female') continue;
      let gold: string[];
      const y = spouse(x);
      if (t.rels[0] === 'together') {
        if (!y) continue;
        const other = new Set(k.relatives(y, t.rels[1]));
        gold = k.relatives(x, t.rels[1]).filter((c) => other.has(c));
      } else {
        gold = k.relatives(x, t.rels[0]);
        if (t.rels[1]) gold = [...new Set(gold.flatMap((m) => k.relatives(m, t.rels[1])))].filter((g) => g !== x);
      }
      if (!gold.length) continue;
      const question = t.template.replace('{x}', names.get(x)!).replace('{y}', y ? names.get(y)! : '');
      qs.push({ set, hops: t.hops, question, gold: new Set(gold), ...(t.count ? { count: gold.length } : {}) });
      break;
    }
  }
  return { store, qs };
}

// ---------------------------------------------------------------- main
const scores = new Map<string, Score>();
if (!HELD_OUT_ONLY) {
  for (const mixed of [true, false]) {
    const kin = await kinshipSet(mixed);
    await run(kin.store, kin.qs, scores);
    kin.store.close();
  }
}
const fb = await fbStore();
if (!HELD_OUT_ONLY) await run(fb, fbQuestions(fb), scores);
await run(fb, heldOut(fb, 'FB15k-237', FB_HELD_OUT), scores);
fb.close();
const bio = await biomedStore();
await run(bio, heldOut(bio, 'biomed-mini', BIOMED_HELD_OUT), scores);
bio.close();
const kinHeld = await kinshipHeldOut();
await run(kinHeld.store, kinHeld.qs, scores);
kinHeld.store.close();

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
const heldMd = opt('held-out-md', '');
if (heldMd) {
  const held = [...scores].filter(([k]) => k.startsWith('held out')).sort();
  const total = held.reduce((a, [, s]) => ({ n: a.n + s.n, h: a.h + s.hits1, e: a.e + s.exact }), { n: 0, h: 0, e: 0 });
  const lines = [
    '| set (kind) | hops | questions | Hits@1 | exact set | median ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...held.map(([key, s]) => {
      const [set, hops] = key.split('\t');
      return `| ${set.replace('held out: ', '')} | ${hops} | ${s.n} | ${s.hits1}/${s.n} | ${s.exact}/${s.n} | ${quantile(s.ms, 0.5).toFixed(0)} |`;
    }),
    `| **all held out** | | ${total.n} | ${pct(total.h, total.n)} | ${pct(total.e, total.n)} | |`,
    '',
    'Misses (question → reading [first answers]; "(set)": right first answer, wrong set):',
    '',
    ...held.flatMap(([, s]) => s.misses.map((m) => `- ${m.replace(/\|/g, '\\|')}`)),
  ];
  writeFileSync(heldMd, `${lines.join('\n')}\n`);
}
const jsonOut = opt('json', '');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(Object.fromEntries([...scores].map(([k, s]) => [k, { ...s, ms: undefined, slowest: undefined, median_ms: quantile(s.ms, 0.5), p95_ms: quantile(s.ms, 0.95) }])), null, 2));
