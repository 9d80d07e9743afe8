/**
 * Loader for the Planetoid TSV layout of /work/shared/datasets/cora (see its PROVENANCE.md):
 *   <name>.nodes.tsv  node_id TAB label TAB comma-separated feature indices (binary bag of words)
 *   <name>.edges.tsv  u TAB v (undirected)
 *   <name>.split.tsv  node_id TAB train|val|test
 *   <name>.classes.tsv (optional) label TAB class name
 * Lines starting with '#' are comments. Feature and class counts come from the files.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { csrFromCoo } from '../kernels/csr-matrix.js';
import type { NodeClassificationData } from './node-classification-data.js';
import { readTsvRecords } from '../../import/tsv-records.js';

const dataLines = (path: string): string[][] => readTsvRecords(path).map((r) => r.record);

/** Finds `<prefix>.nodes.tsv` in dir; the prefix names the dataset. */
function datasetPrefix(dir: string): string {
  if (!existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
  const nodes = readdirSync(dir).filter((f) => f.endsWith('.nodes.tsv'));
  if (nodes.length !== 1) throw new Error(`expected one *.nodes.tsv in ${dir}, found ${nodes.length}`);
  return nodes[0].slice(0, -'.nodes.tsv'.length);
}

export function loadPlanetoidTsv(dir: string): NodeClassificationData {
  const prefix = datasetPrefix(dir);
  const file = (kind: string) => join(dir, `${prefix}.${kind}.tsv`);
  for (const kind of ['edges', 'split']) if (!existsSync(file(kind))) throw new Error(`missing ${basename(file(kind))} in ${dir}`);

  const nodeRows = dataLines(file('nodes'));
  const index = new Map<string, number>();
  const nodeIds: string[] = [];
  const rawLabels: string[] = [];
  const featRow: number[] = [];
  const featCol: number[] = [];
  let maxFeature = -1;
  nodeRows.forEach((cols, lineNo) => {
    const id = cols[0];
    if (index.has(id)) throw new Error(`${prefix}.nodes.tsv: duplicate node id ${id}`);
    const i = nodeIds.length;
    index.set(id, i);
    nodeIds.push(id);
    rawLabels.push((cols[1] ?? '').trim());
    const feats = (cols[2] ?? '').trim();
    if (feats === '') return;
    for (const f of feats.split(',')) {
      const k = Number(f);
      if (!Number.isInteger(k) || k < 0) throw new Error(`${prefix}.nodes.tsv: bad feature index "${f}" on data line ${lineNo + 1}`);
      featRow.push(i);
      featCol.push(k);
      if (k > maxFeature) maxFeature = k;
    }
  });
  if (nodeIds.length === 0) throw new Error(`${prefix}.nodes.tsv has no nodes`);
  // Planetoid graphs can name nodes without a feature row (CiteSeer's isolated test ids): the GCN code gives
  // them zero features and no label, and so does this loader.
  const edgeRows = dataLines(file('edges'));
  const edgeSrc = new Int32Array(edgeRows.length);
  const edgeDst = new Int32Array(edgeRows.length);
  const nodeFor = (id: string | undefined, e: number): number => {
    const key = (id ?? '').trim();
    if (key === '') throw new Error(`${prefix}.edges.tsv: data line ${e + 1} has fewer than two node ids`);
    let i = index.get(key);
    if (i === undefined) {
      i = nodeIds.length;
      index.set(key, i);
      nodeIds.push(key);
      rawLabels.push('');
    }
    return i;
  };
  edgeRows.forEach(([u, v], e) => {
    edgeSrc[e] = nodeFor(u, e);
    edgeDst[e] = nodeFor(v, e);
  });

  const numNodes = nodeIds.length;

  // Labels: integers are class indices; anything else is a class name; empty or negative = unlabelled.
  const classNamesFile = file('classes');
  const labels = new Int32Array(numNodes).fill(-1);
  const allIntegers = rawLabels.every((l) => l === '' || /^-?\d+$/.test(l));
  let classNames: string[];
  if (allIntegers) {
    let maxLabel = -1;
    rawLabels.forEach((l, i) => {
      if (l === '') return;
      const y = Number(l);
      if (y >= 0) {
        labels[i] = y;
        if (y > maxLabel) maxLabel = y;
      }
    });
    classNames = Array.from({ length: maxLabel + 1 }, (_, k) => String(k));
    if (existsSync(classNamesFile)) {
      for (const [k, name] of dataLines(classNamesFile)) {
        const y = Number(k);
        if (Number.isInteger(y) && y >= 0 && y < classNames.length && name) classNames[y] = name;
      }
    }
  } else {
    classNames = [...new Set(rawLabels.filter((l) => l !== ''))].sort();
    const byName = new Map(classNames.map((n, k) => [n, k]));
    rawLabels.forEach((l, i) => {
      if (l !== '') labels[i] = byName.get(l)!;
    });
  }
  if (classNames.length < 2) throw new Error(`${prefix}.nodes.tsv has fewer than 2 classes`);

  const split: Record<'train' | 'val' | 'test', number[]> = { train: [], val: [], test: [] };
  const splitAlias: Record<string, 'train' | 'val' | 'test'> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test' };
  for (const [id, s] of dataLines(file('split'))) {
    const i = index.get(id);
    const part = splitAlias[(s ?? '').trim().toLowerCase()];
    if (i === undefined) throw new Error(`${prefix}.split.tsv names unknown node ${id}`);
    if (!part) throw new Error(`${prefix}.split.tsv: unknown split "${s}" for node ${id}`);
    // Planetoid CiteSeer has test ids without features or labels; like the GCN code, they are left out.
    if (labels[i] < 0) continue;
    split[part].push(i);
  }

  return {
    name: prefix,
    numNodes,
    numFeatures: maxFeature + 1,
    numClasses: classNames.length,
    features: csrFromCoo(numNodes, Math.max(1, maxFeature + 1), Int32Array.from(featRow), Int32Array.from(featCol)),
    edgeSrc,
    edgeDst,
    labels,
    classNames,
    nodeIds,
    trainIdx: Int32Array.from(split.train),
    valIdx: Int32Array.from(split.val),
    testIdx: Int32Array.from(split.test),
  };
}
