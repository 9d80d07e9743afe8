/**
 * PageRank by power iteration over a directed edge list (sources[i] → targets[i]) on nodes 0..n-1:
 *   PR(v) = (1 − d)/n + d · (Σ_{u→v} PR(u)/out(u) + Σ_{dangling u} PR(u)/n)
 * Dangling nodes (no out-edges) spread their rank evenly. Stops when the L1 change falls below `tolerance`.
 * Pure kernel over typed arrays; the scores sum to 1.
 */
export function pageRank(
  n: number,
  sources: Int32Array,
  targets: Int32Array,
  { damping = 0.85, tolerance = 1e-8, maxIterations = 200 } = {},
): Float64Array {
  const outDegree = new Float64Array(n);
  for (let i = 0; i < sources.length; i++) outDegree[sources[i]]++;
  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    let dangling = 0;
    for (let v = 0; v < n; v++) if (outDegree[v] === 0) dangling += rank[v];
    next.fill((1 - damping) / n + (damping * dangling) / n);
    for (let i = 0; i < sources.length; i++) next[targets[i]] += (damping * rank[sources[i]]) / outDegree[sources[i]];
    let change = 0;
    for (let v = 0; v < n; v++) change += Math.abs(next[v] - rank[v]);
    [rank, next] = [next, rank];
    if (change < tolerance) break;
  }
  return rank;
}
