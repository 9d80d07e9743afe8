/**
 * The GNN benchmarks of issue 6 in one command, results to bench/RESULTS-gnn.md:
 *   nice -n 10 node --import tsx bench/gnn/run.ts [--epochs 10] [--link-seeds 3] [--only gcn|link]
 * With --only, the other section of an existing results file is kept.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gcnBenchMarkdown } from './gcn-bench.js';
import { linkBenchMarkdown } from './link-bench.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const only = arg('--only', 'all');
const epochs = Number(arg('--epochs', '10'));
const linkSeeds = Number(arg('--link-seeds', '3'));
const out = resolve(ROOT, arg('--out', 'bench/RESULTS-gnn.md'));

const command = ['nice -n 10 node --import tsx bench/gnn/run.ts', ...args].join(' ');
const started = new Date();
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' / ');
// Sections start with '## '; an --only run replaces its own and keeps the other one from the existing file.
const previousText = existsSync(out) ? readFileSync(out, 'utf8') : '';
const previous = previousText.split(/\n(?=## )/).slice(1);
const previousDate = /- Date: (\S+)/.exec(previousText)?.[1] ?? 'an earlier run';
const previousLoad = /load average at start ([\d. /]+)/.exec(previousText)?.[1]?.trim() ?? 'not recorded';
const kept = (title: string) => previous.find((p) => p.startsWith(title));
const sections: string[] = [];
const gcnTitle = '## GCN node classification';
const linkTitle = '## Link prediction';
if (only === 'all' || only === 'gcn') sections.push(gcnBenchMarkdown(epochs));
else if (kept(gcnTitle)) sections.push(`${kept(gcnTitle)!.trimEnd()}\n\n(section kept from the run of ${previousDate}, load average then ${previousLoad})\n`);
if (only === 'all' || only === 'link') sections.push(linkBenchMarkdown(linkSeeds));
else if (kept(linkTitle)) sections.push(`${kept(linkTitle)!.trimEnd()}\n\n(section kept from the run of ${previousDate}, load average then ${previousLoad})\n`);
const md = `# GNN benchmarks (issue 6)

- Date: ${started.toISOString()} (took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)
- Command: \`${command}\`
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at start ${load}
  (the machine is shared with other jobs: times are upper bounds).

${sections.join('\n')}`;
writeFileSync(out, md);
process.stderr.write(`wrote ${out}\n`);
process.stdout.write(md);
