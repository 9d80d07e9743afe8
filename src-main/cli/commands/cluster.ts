import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('cluster')
    .description('k-means++ clusters of the entities in a stored embedding (an embedding model, or the GNN node embeddings)')
    .requiredOption('--db <file>', 'KG file')
    .option('--model <name>', 'embedding model stored in the KG (`relata models`)')
    .option('--gnn <name>', 'GNN node embeddings stored by a classification (e.g. gcn:type)')
    .option('--k <n>', 'number of clusters', wholeNumber('--k', { min: 2, max: 200 }), 8)
    .option('--seed <n>', 'random seed', wholeNumber('--seed', { min: 0 }), 1)
    .option('--members <n>', 'most typical members listed per cluster', wholeNumber('--members', { min: 1, max: 1000 }), 10)
    .option('--json', 'print one JSON object on stdout (with every entity\'s cluster under "assignment")')
    .action(async (o: { db: string; model?: string; gnn?: string; k: number; seed: number; members: number; json?: boolean }) => {
      if (!o.model === !o.gnn) throw new Error('give exactly one of --model NAME or --gnn NAME');
      const source = o.model ? { kind: 'model' as const, name: o.model } : { kind: 'gnn' as const, name: o.gnn! };
      const service = openService(o.db);
      try {
        const r = await service.call('embeddings.cluster', { source, k: o.k, seed: o.seed, members: o.members, assignment: Boolean(o.json) });
        if (o.json) return printJson(r);
        const q = r.types ? `; type purity ${r.types.purity.toFixed(3)} (random ${r.types.randomPurity.toFixed(3)}), NMI ${r.types.nmi.toFixed(3)}` : '';
        process.stdout.write(`${r.k} clusters of ${r.entityCount} entities (dim ${r.dim}); silhouette ${r.silhouette?.toFixed(3) ?? '—'}${q}\n`);
        r.clusters.forEach((c, i) => process.stdout.write(`#${i} (${c.size}): ${c.members.map((m) => m.label).join(', ')}\n`));
      } finally {
        service.close();
      }
    });
}
