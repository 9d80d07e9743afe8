/**
 * Datalog benchmark (issue 4): Relata's semi-naive engine vs SWI-Prolog tabling on the same programs and
 * facts, in one command. Each side runs in its own process (bench/datalog/relata-run.ts; swipl on a file
 * written by bench/datalog/swipl-run.ts) so peak memory is measured alike; answer counts must agree.
 *
 *   nice -n 10 node --import tsx bench/datalog/datalog-bench.ts [--quick] [--runs 3]
 *
 * Writes bench/RESULTS-datalog.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseFacts, generateFamily, mixedFacts, type Fact } from '../../test-support/family-generator.js';
import { parseDatalog } from '../../src-main/core/reasoning/datalog/parser.js';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TMP = join(ROOT, '.bench-tmp', 'datalog');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 1 : 5);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Workload {
  name: string;
  description: string;
  program: string;
  facts: string;
  goals: string[];
  /** SWI-Prolog runs (it may be much slower than Relata on some programs). */
  swiRuns: number;
}

interface RunResult {
  eval_ms: number;
  eval_cpu_ms: number;
  counts: Record<string, number>;
  rss_mb: number | null;
  wall_s: number;
  rounds?: Array<{ predicates: string[]; rounds: number; derived: number }>;
}

function writeFacts(file: string, facts: Fact[]): void {
  writeFileSync(file, facts.map(([s, p, o]) => `${p}\t${s}\t${o}`).join('\n') + '\n');
}

function randomGraph(file: string, nodes: number, edges: number): void {
  const rng = new Mulberry32(1);
  const rnd = (): number => rng.next();
  const seen = new Set<string>();
  const out: Fact[] = [];
  while (out.length < edges) {
    const a = Math.floor(rnd() * nodes);
    const b = Math.floor(rnd() * nodes);
    if (a === b || seen.has(`${a} ${b}`)) continue;
    seen.add(`${a} ${b}`);
    out.push([`n${a}`, 'edge', `n${b}`]);
  }
  writeFacts(file, out);
}

/** Runs a command under /usr/bin/time (when present) and returns stdout, wall seconds and peak RSS. */
function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { stdout: string; wall_s: number; rss_mb: number | null } {
  const t0 = performance.now();
  const res = TIME
    ? spawnSync(TIME, ['-f', 'MAXRSS %M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26, env, cwd: ROOT })
    : spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26, env, cwd: ROOT });
  const wall_s = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${res.stderr.slice(-2000)}`);
  const m = /MAXRSS (\d+)/.exec(res.stderr);
  return { stdout: res.stdout, wall_s, rss_mb: m ? Number(m[1]) / 1024 : null };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The run with the median CPU time; peak memory is the largest over the runs. */
function medianRun(results: RunResult[]): RunResult {
  const m = median(results.map((r) => r.eval_cpu_ms));
  return { ...results.find((r) => r.eval_cpu_ms === m)!, rss_mb: Math.max(...results.map((r) => r.rss_mb ?? 0)) || null };
}

function runRelata(w: Workload, proofs: boolean): RunResult {
  const out: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timed(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/datalog/relata-run.ts'), w.program, w.facts, ...w.goals], {
      ...process.env,
      RELATA_BENCH_PROOFS: proofs ? '1' : '0',
    });
    const j = JSON.parse(r.stdout) as RunResult;
    out.push({ ...j, rss_mb: r.rss_mb, wall_s: r.wall_s });
  }
  return medianRun(out);
}

function runSwipl(w: Workload): RunResult {
  const pl = join(TMP, `${w.name}.pl`);
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/datalog/swipl-run.ts'), w.program, w.facts, pl, ...w.goals], { cwd: ROOT });
  const out: RunResult[] = [];
  for (let i = 0; i < Math.min(runs, w.swiRuns); i++) {
    const r = timed('swipl', ['-q', '-g', 'main', '-t', 'halt', pl]);
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as RunResult;
    out.push({ ...j, rss_mb: r.rss_mb, wall_s: r.wall_s });
  }
  return medianRun(out);
}

function main(): void {
  mkdirSync(TMP, { recursive: true });
  const swiVersion = execFileSync('swipl', ['--version'], { encoding: 'utf8' }).trim();
  const kinshipPack = join(ROOT, 'resources/rules/kinship.pl');
  const kinshipGoals = [...new Set(parseDatalog(readFileSync(kinshipPack, 'utf8')).rules.filter((r) => r.head.args.length === 2).map((r) => `${r.head.predicate}/2`))].sort();

  const family = generateFamily(quick ? 2000 : 20000, 7, 1);
  writeFacts(join(TMP, 'family.tsv'), baseFacts(family));
  const kin = generateFamily(quick ? 150 : 500, 6, 1);
  writeFacts(join(TMP, 'kinship-mixed.tsv'), mixedFacts(kin, 5));
  const tcEdges = quick ? 10_000 : 100_000;
  randomGraph(join(TMP, 'tc.tsv'), Math.round(tcEdges * 1.1), tcEdges);

  const workloads: Workload[] = [
    {
      name: 'family',
      description: `Family KG, ${family.people.length.toLocaleString('en-US')} people over 7 generations (${family.parents.length.toLocaleString('en-US')} parent, ${family.spouses.length.toLocaleString('en-US')} spouse, ${family.people.length.toLocaleString('en-US')} gender facts): materialise sibling, ancestor, aunt, uncle, cousin (\`bench/datalog/family-bench.pl\`)`,
      program: join(ROOT, 'bench/datalog/family-bench.pl'),
      facts: join(TMP, 'family.tsv'),
      goals: ['sibling/2', 'ancestor/2', 'aunt/2', 'uncle/2', 'cousin/2'],
      swiRuns: runs,
    },
    {
      name: 'tc',
      description: `Transitive closure of a random directed graph, ${tcEdges.toLocaleString('en-US')} edges over ${Math.round(tcEdges * 1.1).toLocaleString('en-US')} nodes (\`bench/datalog/tc-bench.pl\`)`,
      program: join(ROOT, 'bench/datalog/tc-bench.pl'),
      facts: join(TMP, 'tc.tsv'),
      goals: ['path/2'],
      swiRuns: runs,
    },
    {
      name: 'kinship-pack',
      description: `The whole kinship pack (\`resources/rules/kinship.pl\`, 36 mutually recursive relations) on a family of ${kin.people.length} people stated in a random mix of the vocabulary`,
      program: kinshipPack,
      facts: join(TMP, 'kinship-mixed.tsv'),
      goals: kinshipGoals,
      swiRuns: 1,
    },
  ];

  const rows: string[] = [];
  const details: string[] = [];
  for (const w of workloads) {
    process.stderr.write(`${w.name}: relata…\n`);
    const relata = runRelata(w, true);
    const relataNoProofs = runRelata(w, false);
    process.stderr.write(`${w.name}: swipl…\n`);
    const swi = runSwipl(w);
    const same = w.goals.every((g) => relata.counts[g] === swi.counts[g]);
    if (!same) throw new Error(`${w.name}: answer counts differ: relata ${JSON.stringify(relata.counts)} swipl ${JSON.stringify(swi.counts)}`);
    const total = w.goals.reduce((n, g) => n + relata.counts[g], 0);
    const mb = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x)} MB`);
    const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
    rows.push(
      `| ${w.name} | ${total.toLocaleString('en-US')} | ${s(relata.eval_cpu_ms)} | ${s(relataNoProofs.eval_cpu_ms)} | ${s(swi.eval_cpu_ms)} | ${(swi.eval_cpu_ms / relata.eval_cpu_ms).toFixed(1)}× | ${s(relata.eval_ms)} / ${s(swi.eval_ms)} | ${mb(relata.rss_mb)} | ${mb(relataNoProofs.rss_mb)} | ${mb(swi.rss_mb)} | ${relata.wall_s.toFixed(2)} s / ${swi.wall_s.toFixed(2)} s |`,
    );
    details.push(
      `### ${w.name}\n\n${w.description}.\n\nAnswers (identical on both sides): ${w.goals.map((g) => `${g} ${relata.counts[g].toLocaleString('en-US')}`).join(', ')}.\n\n` +
        `Semi-naive rounds per stratum: ${relata.rounds!.map((s) => `${s.predicates.length > 3 ? `${s.predicates.length} predicates` : s.predicates.join(' ')}: ${s.rounds}`).join('; ')}.\n`,
    );
  }

  const md = `# Datalog benchmark (issue 4): Relata vs SWI-Prolog tabling

- Date: ${new Date().toISOString()}
- Command: \`nice -n 10 node --import tsx bench/datalog/datalog-bench.ts${quick ? ' --quick' : ''}${args.includes('--runs') ? ` --runs ${runs}` : ''}\`
- Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; load average at start ${loadavg().map((x) => x.toFixed(2)).join(' / ')} (shared with other jobs, so times are upper bounds). ${swiVersion}.
- Both sides evaluate the same program over the same facts; every goal predicate is fully computed and its answers counted, and the counts must agree (they are also checked tuple by tuple in the tests).
  Relata: \`src-main/core/reasoning/datalog/\` (semi-naive, single thread), facts loaded from TSV; SWI-Prolog: every derived predicate \`:- table\`d, program written by \`toSwiProlog\`, goals \`aggregate_all(count, p(_, _), N)\`.
- Evaluation time excludes loading (Relata: parsing and interning the facts; SWI-Prolog: consulting the file). CPU time of the evaluation (Node: \`process.cpuUsage\`, all threads; SWI-Prolog: \`statistics(cputime)\`), which the shared machine disturbs less than wall time; the run with the median CPU time of ${runs} (SWI-Prolog on the kinship pack: 1 run). Peak memory: the process's maximum RSS from \`/usr/bin/time\` (Node's runtime with tsx alone is about 70 MB, SWI-Prolog's about 10 MB). Last column: the whole process, including start-up and loading.

| workload | answers | Relata CPU (proofs on) | Relata CPU (proofs off) | SWI-Prolog CPU | speed-up (proofs on) | eval wall Relata / SWI | Relata peak RSS | (proofs off) | SWI peak RSS | process wall Relata / SWI |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${details.join('\n')}
## Notes

- SWI-Prolog's cost on the kinship pack grows fast with the family: tabling keeps one table per call variant
  (e.g. \`gender(p17, male)\`, \`parent(p17, _)\`), and the pack's 34 mutually recursive relations call each other
  with many variants. Measured separately (2026-11-25, same machine, same scripts): 938 people stated in the mixed
  vocabulary: SWI-Prolog stopped after 45.8 s with \`Not enough resources: private_table_space\` at 6.2 GB peak RSS;
  Relata evaluated the whole pack in 0.06 s (88 MB). On a 20,000-person family (7 generations) the whole pack takes
  Relata 1.2 s of CPU and 196 MB.
- Proofs on = the first derivation of every fact is recorded (rule + premise rows), which \`--explain\`,
  \`relate\` and materialisation provenance use; it costs little time and some memory.
- Rule plans are compiled to JavaScript functions (\`plan-compiler.ts\`); the reference interpreter
  (\`seminaive.ts\`, \`RELATA_BENCH_COMPILE=0\`) is 5–10 % slower on these workloads.
`;
  writeFileSync(join(ROOT, 'bench/RESULTS-datalog.md'), md);
  process.stdout.write(md);
}

main();
