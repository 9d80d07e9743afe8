/**
 * How good a clustering is: the silhouette (Rousseeuw 1987) on a seeded sample, and, where the rows have known
 * classes (entity types), purity, normalised mutual information and the purity a random assignment with the same
 * cluster sizes reaches (the baseline purity has to beat: purity grows with k by itself).
 */
import { createPrng } from '../random/mulberry32.js';

/**
 * Mean silhouette of up to `sample` rows (Euclidean distance), each against the other sampled rows; null when fewer
 * than two clusters are sampled. A row alone in its cluster scores 0.
 */
export function sampledSilhouette(
  rows: Float32Array, count: number, width: number, assignment: Int32Array, k: number, opts: { sample?: number; seed?: number } = {},
): { silhouette: number | null; sampled: number } {
  const size = Math.min(count, opts.sample ?? 1000);
  const ids = Int32Array.from({ length: count }, (_, i) => i);
  const prng = createPrng(opts.seed ?? 1);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(prng.next() * (count - i));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const picked = ids.subarray(0, size);
  const members = new Int32Array(k);
  for (const i of picked) members[assignment[i]]++;
  if ([...members].filter((n) => n > 0).length < 2) return { silhouette: null, sampled: size };
  const sums = new Float64Array(k);
  let total = 0;
  for (const i of picked) {
    sums.fill(0);
    for (const j of picked) {
      if (i === j) continue;
      let s = 0;
      for (let d = 0; d < width; d++) {
        const x = rows[i * width + d] - rows[j * width + d];
        s += x * x;
      }
      sums[assignment[j]] += Math.sqrt(s);
    }
    const own = assignment[i];
    if (members[own] <= 1) continue;
    const a = sums[own] / (members[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && members[c] > 0) b = Math.min(b, sums[c] / members[c]);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return { silhouette: total / size, sampled: size };
}

/** Purity (Σ over clusters of its commonest class, over the labelled rows) and NMI (arithmetic normalisation). */
export function classAgreement(assignment: Int32Array, labels: Int32Array, k: number, classes: number): { labelled: number; purity: number; nmi: number } {
  const counts = new Float64Array(k * classes);
  let n = 0;
  for (let i = 0; i < assignment.length; i++) {
    if (labels[i] < 0) continue;
    counts[assignment[i] * classes + labels[i]]++;
    n++;
  }
  if (n === 0) return { labelled: 0, purity: 0, nmi: 0 };
  const rowSum = new Float64Array(k), colSum = new Float64Array(classes);
  let pure = 0;
  for (let c = 0; c < k; c++) {
    let max = 0;
    for (let l = 0; l < classes; l++) {
      const v = counts[c * classes + l];
      rowSum[c] += v;
      colSum[l] += v;
      if (v > max) max = v;
    }
    pure += max;
  }
  const entropy = (xs: Float64Array) => xs.reduce((h, v) => (v > 0 ? h - (v / n) * Math.log(v / n) : h), 0);
  let mi = 0;
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < classes; l++) {
      const v = counts[c * classes + l];
      if (v > 0) mi += (v / n) * Math.log((v * n) / (rowSum[c] * colSum[l]));
    }
  }
  const h = entropy(rowSum) + entropy(colSum);
  return { labelled: n, purity: pure / n, nmi: h > 0 ? (2 * mi) / h : 1 };
}

/** Mean purity of `rounds` seeded shuffles of the labels over the same clusters: what chance reaches. */
export function randomPurity(assignment: Int32Array, labels: Int32Array, k: number, classes: number, opts: { rounds?: number; seed?: number } = {}): number {
  const labelled: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) labelled.push(i);
  if (labelled.length === 0) return 0;
  const prng = createPrng(opts.seed ?? 7);
  const shuffled = labelled.map((i) => labels[i]);
  const rounds = opts.rounds ?? 20;
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(prng.next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const permuted = new Int32Array(labels.length).fill(-1);
    labelled.forEach((i, x) => (permuted[i] = shuffled[x]));
    total += classAgreement(assignment, permuted, k, classes).purity;
  }
  return total / rounds;
}
