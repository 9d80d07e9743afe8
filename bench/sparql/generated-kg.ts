/**
 * The synthetic KG the remote-KG and the Virtuoso side-by-side benches share (--generated N): N triples, N/10
 * entities `g0…`, each labelled "entity I" (rdfs:label), and N − N/10 relation triples over 50 predicates `rel0…rel49`
 * with uniform subjects and objects skewed towards low ids (a few hubs, a long tail: o = ⌊entities · u³⌋).
 * Seeded (mulberry32, 7): the same N always gives the same file. IRIs as Relata's export writes them.
 */
import { createWriteStream } from 'node:fs';
import { createPrng } from '../../src-main/core/random/mulberry32.js';
import { entityIri, predicateIri } from '../../src-main/core/store/names.js';

const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

export interface GeneratedKg {
  /** What the results call it. */
  name: string;
  entities: number;
  /** A hub (g0, the most frequent object), a mid-degree entity and a leaf (the last id), as keys. */
  hubs: [string, string, string];
}

/** The entity count and sample keys of the generated KG of `triples` triples, without writing it. */
export function generatedKgShape(triples: number): GeneratedKg {
  const entities = Math.max(10, Math.floor(triples / 10));
  return { name: `a generated KG of ${triples.toLocaleString('en')} triples`, entities, hubs: ['g0', `g${Math.floor(entities / 50)}`, `g${entities - 1}`] };
}

/** Writes the generated KG of `triples` triples to `path` as N-Triples (one triple a line). */
export async function writeGeneratedKg(path: string, triples: number): Promise<GeneratedKg> {
  const shape = generatedKgShape(triples);
  const { entities } = shape;
  const out = createWriteStream(path);
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
    chunk = [];
  };
  for (let e = 0; e < entities; e++) {
    chunk.push(`<${entityIri(`g${e}`)}> <${LABEL}> ${JSON.stringify(`entity ${e}`)} .\n`);
    if (chunk.length >= 10_000) await flush();
  }
  const rand = createPrng(7).next;
  for (let i = entities; i < triples; i++) {
    const o = Math.floor(entities * rand() ** 3);
    chunk.push(`<${entityIri(`g${Math.floor(rand() * entities)}`)}> <${predicateIri(`rel${Math.floor(rand() * 50)}`)}> <${entityIri(`g${o}`)}> .\n`);
    if (chunk.length >= 10_000) await flush();
  }
  await flush();
  await new Promise<void>((r) => out.end(r));
  return shape;
}
