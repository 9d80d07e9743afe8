/**
 * CLUTRR with the shipped kinship pack, strict vs the `family-tree` convention: each test story's facts
 * (+ its gender facts) are materialised with the pack, and a story counts as answered when its query pair
 * gets the target relation. Also counts stories where the pack derives, besides the target, another of
 * CLUTRR's relations that the story's family contradicts (a wrong answer, not just an extra reading).
 *
 *   node --import tsx bench/reasoning/clutrr-pack.ts [DATA_DIR]
 *
 * DATA_DIR defaults to ../shared/datasets/clutrr/data_db9b8f04 (CLUTRR is non-commercial: bench and tests only).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStories, storyRelations } from '../../src-main/core/reasoning/story-eval.js';

// The relations CLUTRR's stories and targets use.
const CLUTRR_RELATIONS = new Set('father mother son daughter brother sister husband wife grandfather grandmother grandson granddaughter uncle aunt nephew niece father-in-law mother-in-law son-in-law daughter-in-law'.split(' '));

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = process.argv[2] ?? join(root, '../shared/datasets/clutrr/data_db9b8f04');
const files = readdirSync(dir)
  .filter((f) => /_test\.facts\.jsonl$/.test(f))
  .sort((a, b) => Number(/\.(\d+)_/.exec(a)![1]) - Number(/\.(\d+)_/.exec(b)![1]));

const rows: string[] = [
  '| k | stories | strict | family-tree | family-tree, target only¹ | family-tree, another relation² | family-tree, none³ | ms/story (strict / family-tree) |',
  '|---|---|---|---|---|---|---|---|',
];
const totals = { n: 0, strict: 0, ft: 0, ftOnly: 0, other: 0, none: 0 };
for (const f of files) {
  const k = /\.(\d+)_/.exec(f)![1];
  const stories = readStories(join(dir, f));
  let strict = 0;
  let ft = 0;
  let ftOnly = 0;
  let other = 0;
  let none = 0;
  let msStrict = 0;
  let msFt = 0;
  for (const s of stories) {
    let t = performance.now();
    if (storyRelations(s, []).has(s.target)) strict++;
    msStrict += performance.now() - t;
    t = performance.now();
    const rels = storyRelations(s, ['family-tree']);
    msFt += performance.now() - t;
    if (rels.has(s.target)) {
      ft++;
      if ([...rels].every((r) => r === s.target || !CLUTRR_RELATIONS.has(r))) ftOnly++;
    } else if ([...rels].some((r) => CLUTRR_RELATIONS.has(r))) other++;
    else none++;
  }
  const pct = (x: number): string => `${((100 * x) / stories.length).toFixed(1)} %`;
  rows.push(`| ${k} | ${stories.length} | ${pct(strict)} | ${pct(ft)} | ${pct(ftOnly)} | ${pct(other)} | ${pct(none)} | ${(msStrict / stories.length).toFixed(1)} / ${(msFt / stories.length).toFixed(1)} |`);
  totals.n += stories.length;
  totals.strict += strict;
  totals.ft += ft;
  totals.ftOnly += ftOnly;
  totals.other += other;
  totals.none += none;
  process.stderr.write(`${f}: done\n`);
}
const pct = (x: number): string => `${((100 * x) / totals.n).toFixed(1)} %`;
rows.push(`| all | ${totals.n} | ${pct(totals.strict)} | ${pct(totals.ft)} | ${pct(totals.ftOnly)} | ${pct(totals.other)} | ${pct(totals.none)} | |`);
process.stdout.write(`${rows.join('\n')}\n\n¹ the target is the only one of CLUTRR's ${CLUTRR_RELATIONS.size} relation names derived for the query pair. ² not the target but another of those names (e.g. the facts make Y X's father-in-law and the target says father). ³ none of those names: the facts leave it open (e.g. a son's grandfather is one's father or one's father-in-law).\n`);
