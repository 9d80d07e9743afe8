/**
 * The bad-file corpus (src-main/core/import/fixtures/bad-file-corpus.ts) through the real CLI: each input is imported
 * with `node bin/relata.mjs import FILE --db KG` into a KG that already holds data, and the table records the exit code,
 * the message on stderr, whether it names FILE:LINE (or FILE), whether it matches the corpus' expected message, and
 * whether the KG is unchanged (triple count and a SHA-256 of every stored row, before and after).
 * Run: npx tsx bench/hardening/bad-file-table.ts   (writes bench/RESULTS-bad-files.md; about two minutes)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BAD_FILE_CORPUS, expectedFile, expectedMessage } from '../../src-main/core/import/fixtures/bad-file-corpus.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const work = mkdtempSync(join(tmpdir(), 'relata-bad-files-'));
const home = join(work, 'home');
mkdirSync(home);
const kg = join(work, 'kg.sqlite');

function relata(...args: string[]): { code: number; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/relata.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, RELATA_HOME: home }, maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

/** Triple count and a hash of every row of the KG's data tables. */
function kgState(): { triples: number; hash: string } {
  const db = new Database(kg, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const t of ['entities', 'aliases', 'predicates', 'literals', 'triples', 'sources']) hash.update(JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
    return { triples: (db.prepare('SELECT count(*) AS n FROM triples').get() as { n: number }).n, hash: hash.digest('hex') };
  } finally {
    db.close();
  }
}

const seed = relata('import', join(root, 'test-fixtures/good/small.tsv'), '--db', kg);
if (seed.code !== 0) throw new Error(`seeding the KG failed: ${seed.stderr}`);
const internals = /Cannot read propert|of undefined|undefined \(reading|is not a function|Maximum call stack|TypeError|\bat .+:\d+:\d+/;

const rows: string[] = [];
let refused = 0, named = 0, expected = 0, unchanged = 0, leaks = 0;
const started = performance.now();
for (const c of BAD_FILE_CORPUS) {
  const path = c.make(work);
  const before = kgState();
  const r = relata('import', path, '--db', kg, ...(c.format ? ['--format', c.format] : []));
  const after = kgState();
  const message = r.stderr.trim().split('\n').filter((l) => l.startsWith('relata: ')).at(-1)?.slice('relata: '.length) ?? r.stderr.trim();
  const same = before.hash === after.hash && before.triples === after.triples;
  const namesPlace = message.startsWith(`${expectedFile(c, path)}${c.line === null ? ':' : `:${c.line}:`}`);
  const matches = message === expectedMessage(c, path);
  const leak = internals.test(r.stderr);
  if (r.code !== 0) refused++;
  if (namesPlace) named++;
  if (matches) expected++;
  if (same) unchanged++;
  if (leak) leaks++;
  const shown = message.split(`${work}/`).join('').replace(/\|/g, '\\|');
  rows.push(`| ${c.name} | ${c.about} | ${r.code} | ${shown.length > 220 ? `${shown.slice(0, 220)}…` : shown} | ${namesPlace ? 'yes' : 'no'} | ${leak ? 'yes' : 'no'} | ${same ? 'yes' : 'no'} (${after.triples}) |`);
  rmSync(path, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
rmSync(work, { recursive: true, force: true });

const n = BAD_FILE_CORPUS.length;
const md = [
  '## Bad-file corpus through the CLI',
  '',
  `Each of the ${n} broken inputs of \`src-main/core/import/fixtures/bad-file-corpus.ts\` imported with`,
  '`node bin/relata.mjs import FILE --db KG` into a KG that already holds 3 triples (test-fixtures/good/small.tsv);',
  '"KG unchanged" compares the triple count and a SHA-256 over every row of entities, aliases, predicates, literals,',
  'triples and sources before and after. The same corpus is the fixture of `src-main/core/import/bad-files.test.ts`.',
  `Command: \`npx tsx bench/hardening/bad-file-table.ts\` (${seconds.toFixed(0)} s, ${new Date().toISOString().slice(0, 10)}).`,
  '',
  `**${refused}/${n} refused (exit ≠ 0), ${named}/${n} name FILE:LINE (or FILE where no line applies), ${expected}/${n} exactly the expected message, ${leaks} leak JavaScript internals, ${unchanged}/${n} leave the KG unchanged.**`,
  '',
  '| input | what is wrong | exit | message (stderr) | FILE:LINE | internals | KG unchanged (triples) |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
writeFileSync(join(root, 'bench/RESULTS-bad-files.md'), md);
process.stdout.write(`${refused}/${n} refused, ${named} named, ${expected} expected, ${leaks} leaks, ${unchanged} unchanged (${seconds.toFixed(0)} s)\n`);
if (refused !== n || unchanged !== n || leaks !== 0) process.exitCode = 1;
