/**
 * Schema view timing: `schema.get` through the service on a KG file, first (computed, written to kg_meta) and then
 * cached, each in a fresh process-like open of the file, with the process's peak RSS.
 *   node --import tsx bench/schema/schema-bench.ts KG.sqlite
 */
import { RelataService } from '../../src-main/core/api/handlers.js';

const path = process.argv[2];
if (!path) throw new Error('usage: schema-bench.ts KG.sqlite');
const rows: string[] = [];
for (const [name, refresh] of [['first (computed, cache written)', true], ['cached, file reopened', false], ['cached, file reopened', false]] as const) {
  const service = new RelataService(path, false);
  const t = performance.now();
  const s = await service.call('schema.get', { refresh });
  const ms = performance.now() - t;
  service.close();
  rows.push(
    `| ${name} | ${ms.toFixed(0)} ms | ${s.cached} | ${s.types.length} | ${s.links.length} | ${s.untyped} | ${s.clusters ? `${s.clusters.types.length} / ${s.clusters.links.length} of ${s.clusters.links_total}` : '—'} |`,
  );
}
console.log('| call | time | cached | types | links | untyped | clusters / cluster links |\n|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
