/** Runs SWI-Prolog (`swipl`) on a program and reads back every answer of some goals; for tests and benchmarks. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function swiplAvailable(): boolean {
  try {
    execFileSync('swipl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface SwiplRun {
  /** Per goal: the distinct answers, each the `~q`-printed values of the goal's variables joined by tabs. */
  answers: Array<Set<string>>;
  /** Wall time SWI-Prolog reported for evaluating the goals (excludes loading). */
  ms: number;
}

/**
 * Loads `source`, then for each goal (`[Vars, Goal]` as Prolog text, e.g. `['X, Y', 'path(X, Y)']`)
 * collects all distinct solutions. Tabling makes the answers sets, as in Datalog.
 */
export function runSwipl(source: string, goals: Array<[vars: string, goal: string]>, timeoutMs = 120_000): SwiplRun {
  const dir = mkdtempSync(join(tmpdir(), 'relata-swipl-'));
  try {
    const file = join(dir, 'program.pl');
    const main = [
      'dl_print([]) :- nl.',
      'dl_print([X]) :- !, format("~q~n", [X]).',
      'dl_print([X|T]) :- format("~q\\t", [X]), dl_print(T).',
      'main :- statistics(walltime, [T0, _]),',
      ...goals.map(([vars, goal], i) => `  format("=== ~w~n", [${i}]), forall(distinct([${vars}], (${goal})), dl_print([${vars}])),`),
      '  statistics(walltime, [T1, _]), T is T1 - T0, format("=== ms ~w~n", [T]).',
    ].join('\n');
    writeFileSync(file, `${source}\n${main}\n`);
    const res = spawnSync('swipl', ['-q', '-g', 'main', '-t', 'halt', file], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
    if (res.status !== 0) throw new Error(`swipl failed (${res.status}): ${(res.stderr || '').slice(0, 2000)}`);
    const answers: Array<Set<string>> = [];
    let ms = NaN;
    for (const line of res.stdout.split('\n')) {
      if (line.startsWith('=== ms ')) ms = Number(line.slice(7));
      else if (line.startsWith('=== ')) answers.push(new Set());
      else if (line !== '' || answers.length) if (line !== '') answers[answers.length - 1].add(line);
    }
    return { answers, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
