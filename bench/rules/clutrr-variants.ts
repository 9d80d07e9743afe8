/**
 * CLUTRR variants the shipped files do not contain (issue 12: "checked on variants you do not have"):
 *  - shorter training chains: train on k = 2 only, and on k = 2, 3 (rows of the k = 2–4 file filtered by task);
 *  - distractor facts: every test story gets an unrelated family (another test story's facts, its people renamed)
 *    hung off one of its people by one fact, plus a new spouse and child of a random person of the story, and
 *    all facts shuffled (the told order is no longer a walk from X to Y).
 * The variant files are written to a temp folder and answered with the CLI, exactly as a user would.
 * Usage: node --import tsx bench/rules/clutrr-variants.ts [--limit N] [--ks 2,...,10] [--out FILE.md]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';

const root = new URL('../..', import.meta.url).pathname;
const data = process.env.RELATA_DATASETS ?? join(root, '../shared/datasets');
const clutrr = join(data, 'clutrr/data_db9b8f04');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const limit = Number(arg('limit', '0'));
const ks = arg('ks', '2,3,4,5,6,7,8,9,10').split(',').map(Number);
const outFile = arg('out', '');
const tmp = mkdtempSync(join(tmpdir(), 'relata-clutrr-variants-'));
const relata = join(root, 'bin/relata.mjs');

interface Row {
  facts: Array<[string, string, string]>;
  query: [string, string];
  target: string;
  genders?: Record<string, string>;
  task?: string;
}

const readRows = (path: string): Row[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
const writeRows = (path: string, rows: Row[]) => writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const cli = (args: string[]) => JSON.parse(execFileSync('node', [relata, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }));

/** Adds distractors to each story (deterministic for a seed). */
export function withDistractors(rows: Row[], seed = 7): Row[] {
  const rng = new Mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  return rows.map((row, i) => {
    const people = [...new Set(row.facts.flatMap(([a, , b]) => [a, b]))];
    const genders = { ...(row.genders ?? {}) };
    const facts = [...row.facts];
    // Another story's family, renamed, hung off one person of this story.
    const other = rows[(i + 1 + rng.int(rows.length - 1)) % rows.length];
    const rename = (n: string) => `${n}_d${i}`;
    for (const [a, r, b] of other.facts) facts.push([rename(a), r, rename(b)]);
    for (const [n, g] of Object.entries(other.genders ?? {})) genders[rename(n)] = g;
    const anchor = pick(people);
    const otherPeople = [...new Set(other.facts.flatMap(([a, , b]) => [a, b]))];
    facts.push([anchor, pick(['brother', 'sister', 'son', 'daughter', 'father', 'mother']), rename(pick(otherPeople))]);
    // A new spouse and a new child of a random person of the story.
    const p = pick(people);
    facts.push([p, pick(['husband', 'wife']), `Spouse_n${i}`]);
    facts.push([`Spouse_n${i}`, pick(['son', 'daughter']), `Child_n${i}`]);
    // Shuffle (Fisher–Yates).
    for (let k = facts.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [facts[k], facts[j]] = [facts[j], facts[k]];
    }
    return { ...row, facts, genders };
  });
}

function accuracies(rulesFile: string, transform: (rows: Row[]) => Row[], tag: string): number[] {
  return ks.map((k) => {
    let rows = readRows(join(clutrr, `1.${k}_test.facts.jsonl`));
    if (limit > 0) rows = rows.slice(0, limit);
    const f = join(tmp, `${tag}-${k}.jsonl`);
    writeRows(f, transform(rows));
    return 100 * (cli(['rules', 'answer', '--stories', f, '--rules', rulesFile, '--json']).accuracy as number);
  });
}

const train = readRows(join(clutrr, '1.2,1.3,1.4_train.facts.jsonl'));
const settings: Array<[string, Row[]]> = [
  ['k = 2, 3, 4', train],
  ['k = 2, 3', train.filter((r) => r.task === 'task_1.2' || r.task === 'task_1.3')],
  ['k = 2', train.filter((r) => r.task === 'task_1.2')],
];
const lines: string[] = [];
const out = (s: string) => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};
out(`| trained on | test stories | ${ks.map((k) => `k=${k}`).join(' | ')} |`);
out(`|---|---|${ks.map(() => '---:').join('|')}|`);
for (const [name, rows] of settings) {
  const trainFile = join(tmp, `train-${rows.length}.jsonl`);
  writeRows(trainFile, rows);
  const pl = join(tmp, `rules-${rows.length}.pl`);
  cli(['rules', 'learn', '--stories', trainFile, '--out', pl, '--json']);
  for (const [variant, transform] of [['as shipped', (r: Row[]) => r], ['with distractors, shuffled', (r: Row[]) => withDistractors(r)]] as const) {
    const acc = accuracies(pl, transform, `${rows.length}-${variant.length}`);
    out(`| ${name} (${rows.length.toLocaleString('en-US')} stories) | ${variant} | ${acc.map((a) => a.toFixed(1)).join(' | ')} |`);
  }
}
if (outFile) writeFileSync(outFile, `${lines.join('\n')}\n`);
