/**
 * graph.overview on KG files, each run one fresh `relata` process (start-up included) under GNU time: the top-degree
 * slice, then communities computed (--refresh: in a worker thread for KG files over 20,000 triples), read from the
 * KG file's cache, and computed again; wall time, the call's own seconds, peak RSS, the answer's size.
 *   node bench/communities/communities-bench.mjs KG.sqlite [more.sqlite …] > table.md
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const files = process.argv.slice(2);
if (!files.length) throw new Error('usage: communities-bench.mjs KG.sqlite [more.sqlite …]');
const timeFile = join(tmpdir(), `communities-bench-${process.pid}.time`);

function measure(db, args) {
  const json = execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, 'node', 'bin/relata.mjs', 'overview', '--db', db, '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], // progress on stderr left out
    maxBuffer: 1 << 30,
  });
  const [wall, kib] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, mib: kib / 1024, bytes: json.length, result: JSON.parse(json.toString('utf8')) };
}

const mb = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} KB`);
const n = (x) => x.toLocaleString('en-US');
console.log(`load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')}\n`);
console.log('| KG | overview | wall (process) | call itself | peak RSS | answer |\n|---|---|---|---|---|---|');
for (const db of files) {
  const name = db.split('/').pop();
  const top = measure(db, ['--limit', '2000']);
  console.log(`| ${name} | top-degree, limit 2,000 | ${top.wall.toFixed(2)} s | — | ${top.mib.toFixed(0)} MiB | ${n(top.result.nodes.length)} nodes, ${n(top.result.edges.length)} edges, ${mb(top.bytes)} JSON |`);
  for (const [label, args] of [['communities, computed (--refresh)', ['--refresh']], ['communities, cached (file reopened)', []], ['communities, computed again (--refresh)', ['--refresh']]]) {
    const c = measure(db, ['--mode', 'communities', ...args]);
    const r = c.result;
    console.log(
      `| ${name} | ${label} | ${c.wall.toFixed(2)} s | ${r.seconds.toFixed(2)} s | ${c.mib.toFixed(0)} MiB | ${n(r.communities.length)} communities, ${n(r.links.length)} links, ${n(r.entities)} entities, ${n(r.triples)} triples, modularity ${r.modularity.toFixed(3)}, ${mb(c.bytes)} JSON${r.cached ? ', cached' : ''} |`,
    );
  }
}
console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
rmSync(timeFile, { force: true });
