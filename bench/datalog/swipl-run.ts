/**
 * Writes the SWI-Prolog side of a Datalog benchmark: the same program (tabled, via toSwiProlog) with the
 * same facts, and a main/0 that times the goals and counts their answers:
 *   node --import tsx bench/datalog/swipl-run.ts PROGRAM.pl FACTS.tsv OUT.pl PRED/ARITY...
 * then `swipl -q -g main -t halt OUT.pl` prints one JSON object like relata-run.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDatalog } from '../../src-main/core/reasoning/datalog/parser.js';
import { toSwiProlog } from '../../test-support/swi-prolog.js';
import { formatValue } from '../../src-main/core/reasoning/datalog/values.js';
import { readTsvRecords } from '../../src-main/core/import/tsv-records.js';

const [programFile, factsFile, outFile, ...goals] = process.argv.slice(2);
const facts = readTsvRecords(factsFile)
  .map(({ record: [p, ...args] }) => `${p}(${args.map((a) => formatValue({ kind: 'sym', text: a })).join(', ')}).`)
  .join('\n');
const vars = (n: number): string => Array.from({ length: n }, (_, i) => `_A${i}`).join(', ');
const main = [
  'main :- statistics(walltime, [T0, _]), statistics(cputime, C0),',
  ...goals.map((g, i) => {
    const [name, arity] = g.split('/');
    return `  aggregate_all(count, ${name}(${vars(Number(arity))}), N${i}),`;
  }),
  '  statistics(walltime, [T1, _]), T is T1 - T0, statistics(cputime, C1), C is (C1 - C0) * 1000,',
  `  format('{"eval_ms": ~w, "eval_cpu_ms": ~w, "counts": {', [T, C]),`,
  ...goals.map((g, i) => `  format('${i ? ', ' : ''}"${g}": ~w', [N${i}]),`),
  "  format('}}~n').",
].join('\n');
writeFileSync(outFile, `${toSwiProlog(parseDatalog(readFileSync(programFile, 'utf8')), facts)}\n${main}\n`);
