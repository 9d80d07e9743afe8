import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';

/**
 * A synthetic KG with a realistic shape: `entities` entities, `predicates` predicates, subjects drawn uniformly and
 * objects from a skewed (power-law-like) distribution, so hubs exist as in real KGs. Deterministic (seeded).
 * Writes the same rows twice: as N-Triples (what Relata imports) and as TSV (what SQLite's CLI imports).
 */
export async function generateTriples(count: number, ntPath: string, tsvPath: string, entities = 200_000, predicates = 50): Promise<void> {
  const rng = new Mulberry32(42);
  const rand = (): number => rng.next();
  const nt = createWriteStream(ntPath);
  const tsv = createWriteStream(tsvPath);
  const seen = new Set<string>();
  let written = 0;
  let ntBuf = '';
  let tsvBuf = '';
  while (written < count) {
    const s = Math.floor(rand() * entities);
    const p = Math.floor(rand() * predicates);
    const o = Math.floor(Math.pow(rand(), 3) * entities);
    const key = `${s} ${p} ${o}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ntBuf += `<http://example.org/e/${s}> <http://example.org/p/${p}> <http://example.org/e/${o}> .\n`;
    tsvBuf += `http://example.org/e/${s}\thttp://example.org/p/${p}\thttp://example.org/e/${o}\n`;
    written++;
    if (ntBuf.length > 1 << 20) {
      if (!nt.write(ntBuf)) await once(nt, 'drain');
      if (!tsv.write(tsvBuf)) await once(tsv, 'drain');
      ntBuf = tsvBuf = '';
    }
  }
  nt.end(ntBuf);
  tsv.end(tsvBuf);
  await Promise.all([once(nt, 'finish'), once(tsv, 'finish')]);
}
