#!/usr/bin/env node
// CLI start-up, side by side in one run: `relata --version` and `relata stats --db <demo KG>` through bin/relata.mjs
// (the esbuild bundle in dist/cli/) and through tsx compiling the TypeScript sources (how bin/relata.mjs ran before
// issue 13), runs interleaved so both see the same machine load. Wall time per run, and CPU time (user + system,
// from /usr/bin/time) where that exists, after one warm-up run of each. Writes bench/RESULTS-cli-startup.md.
// Usage: node bench/cli-startup/run.mjs [runs per row, default 15]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, cliBuildIsCurrent } from '../../scripts/build-cli.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 15);
const tmp = join(root, '.bench-tmp/cli-startup');
const TIME = '/usr/bin/time';
const withTime = existsSync(TIME);

function run(args) {
  const cmd = withTime ? [TIME, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd[1], { cwd: root, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  const cpu = withTime ? r.stderr.trim().split('\n').pop().split(' ').slice(1).reduce((a, b) => a + Number(b), 0) : NaN;
  return { wall, cpu };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (s) => (Number.isNaN(s) ? '–' : `${s.toFixed(2)} s`);

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
if (!cliBuildIsCurrent()) await buildCli();
const stampBefore = readFileSync(join(root, 'dist/cli/build.json'), 'utf8');
const demo = join(tmp, 'demo.sqlite');
run(['bin/relata.mjs', 'demo', '--db', demo]);

const bin = ['bin/relata.mjs'];
const tsx = ['--import', 'tsx', 'src-main/cli/main.ts'];
const rows = [
  ['`node -e 0` (Node alone, the floor)', ['-e', '0']],
  ['`relata --version`, bundle (bin/relata.mjs)', [...bin, '--version']],
  ['`relata --version`, tsx (sources)', [...tsx, '--version']],
  ['`relata stats --db demo`, bundle (bin/relata.mjs)', [...bin, 'stats', '--db', demo]],
  ['`relata stats --db demo`, tsx (sources)', [...tsx, 'stats', '--db', demo]],
];
for (const [, args] of rows) run(args); // warm-up: tsx's transform cache, the file cache
const times = rows.map(() => []);
const loads = [];
for (let i = 0; i < runs; i++) {
  loads.push(loadavg()[0]);
  rows.forEach(([, args], r) => times[r].push(run(args)));
}
const rebuilt = readFileSync(join(root, 'dist/cli/build.json'), 'utf8') !== stampBefore;

const table = rows.map(([label], r) => {
  const wall = times[r].map((t) => t.wall);
  const cpu = times[r].map((t) => t.cpu);
  return `| ${label} | ${fmt(quantile(wall, 0.5))} | ${fmt(quantile(wall, 0.9))} | ${fmt(quantile(cpu, 0.5))} |`;
});
const date = new Date().toISOString().slice(0, 10);
const text = `# CLI start-up: the esbuild bundle against tsx (issue 13)

Measured ${date} with \`node bench/cli-startup/run.mjs ${runs}\`: ${runs} runs of each row, interleaved, Node ${process.version},
${cpus().length} cores, load average ${quantile(loads, 0.5).toFixed(1)} (median over the runs; other work shared the machine).
${rebuilt ? 'A source changed during the run, so some bundle runs include a rebuild: the p90 shows it.\n' : ''}
| command | median wall | p90 wall | median CPU (user + sys) |
|---|---|---|---|
${table.join('\n')}

The bundle is dist/cli/, made by \`scripts/build-cli.mjs\` (esbuild; npm's \`prepare\`, so at \`npm ci\`): our TypeScript and
the pure-JS packages in shared chunks; native and WebAssembly packages, and those only some commands use (jsonld, openai,
n3, ws, oxigraph, graph XML, csv-parse), loaded from node_modules on first use. \`--version\` loads no command. bin/relata.mjs
checks the build is newer than every source it was made from (about 220 \`stat\` calls) and rebuilds first when not.
The tsx rows run today's sources (so \`--version\` there also skips the commands); before issue 13 every command went that way.
`;
writeFileSync(join(root, 'bench/RESULTS-cli-startup.md'), text);
process.stdout.write(text);
rmSync(tmp, { recursive: true, force: true });
