/**
 * One Relata run for the Datalog benchmark, in its own process so that its peak memory is measured alone:
 *   node --import tsx bench/datalog/relata-run.ts PROGRAM.pl FACTS.tsv PRED/ARITY...
 * FACTS.tsv lines are `predicate<TAB>arg<TAB>arg`. Prints one JSON object: load and evaluation times (wall and CPU),
 * semi-naive rounds per stratum, and the number of answers of each named predicate.
 */
import { readFileSync } from 'node:fs';
import { DatalogEngine, type FactSource } from '../../src-main/core/reasoning/datalog/engine.js';
import { parseDatalog } from '../../src-main/core/reasoning/datalog/parser.js';
import { readTsvRecords } from '../../src-main/core/import/tsv-records.js';

const [programFile, factsFile, ...goals] = process.argv.slice(2);
const t0 = performance.now();
const facts = new Map<string, string[][]>();
for (const { record: [p, ...args] } of readTsvRecords(factsFile)) {
  const key = `${p}/${args.length}`;
  let list = facts.get(key);
  if (!list) facts.set(key, (list = []));
  list.push(args);
}
const source: FactSource = {
  has: (name, arity) => facts.has(`${name}/${arity}`),
  load: (name, arity, values, add) => {
    const tuple = new Int32Array(arity);
    for (const args of facts.get(`${name}/${arity}`) ?? []) {
      for (let i = 0; i < arity; i++) tuple[i] = values.sym(args[i]);
      add(tuple, NaN);
    }
  },
};
const proofs = process.env.RELATA_BENCH_PROOFS !== '0';
const compile = process.env.RELATA_BENCH_COMPILE !== '0';
const engine = new DatalogEngine(parseDatalog(readFileSync(programFile, 'utf8')), { source, proofs, compile });
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const stats = engine.evaluate();
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
const counts: Record<string, number> = {};
for (const g of goals) {
  const [name, arity] = g.split('/');
  counts[g] = engine.count(name, Number(arity));
}
process.stdout.write(
  `${JSON.stringify({
    load_ms: t1 - t0,
    eval_ms: t2 - t1,
    eval_cpu_ms: (cpu.user + cpu.system) / 1000,
    rounds: stats.strata.map((s) => ({ predicates: s.predicates, rounds: s.rounds, derived: s.derived })),
    counts,
    proofs,
  })}\n`,
);
