/**
 * Removes node overlaps by pushing overlapping pairs apart along the line joining them (the idea of Gephi's and
 * graphology's noverlap). Pure kernel over typed arrays: xs and ys are moved in place; radii include the margin.
 * Pairs are found through a uniform grid whose cell is the largest diameter, so one pass is about linear.
 * Returns the number of passes run (stops early once no pair overlaps).
 * Kept over graphology-layout-noverlap: on the graph view's own pictures (bench/renderer-graph-algorithms) it leaves
 * fewer overlaps in a tenth of the time or less; the library's fixed 20×20 grid and small steps crawl on dense clouds.
 */
export function removeOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array, maxPasses = 200): number {
  const n = xs.length;
  let cell = 0;
  for (let i = 0; i < n; i++) cell = Math.max(cell, 2 * radii[i]);
  if (n < 2 || cell === 0) return 0;
  spreadToDensity(xs, ys, radii, 0.3);
  for (let pass = 1; pass <= maxPasses; pass++) {
    const grid = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = `${Math.floor(xs[i] / cell)},${Math.floor(ys[i] / cell)}`;
      const list = grid.get(k);
      if (list) list.push(i);
      else grid.set(k, [i]);
    }
    let overlaps = 0;
    for (let i = 0; i < n; i++) {
      const cx = Math.floor(xs[i] / cell);
      const cy = Math.floor(ys[i] / cell);
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        for (let gy = cy - 1; gy <= cy + 1; gy++) {
          for (const j of grid.get(`${gx},${gy}`) ?? []) {
            if (j <= i) continue;
            let ex = xs[j] - xs[i];
            let ey = ys[j] - ys[i];
            let d = Math.hypot(ex, ey);
            const need = radii[i] + radii[j];
            if (d >= need * (1 - 1e-6)) continue;
            overlaps++;
            if (d < 1e-9) {
              // Same spot: separate along a direction fixed by the indices, so the result is deterministic.
              const a = (i * 7 + j * 13) % 360 * (Math.PI / 180);
              ex = Math.cos(a);
              ey = Math.sin(a);
              d = 1;
            }
            // Moved at once (Gauss-Seidel): summed pushes from many neighbours overshoot and oscillate.
            const push = ((need - Math.hypot(xs[j] - xs[i], ys[j] - ys[i])) / 2) * 1.02;
            xs[i] -= (ex / d) * push;
            ys[i] -= (ey / d) * push;
            xs[j] += (ex / d) * push;
            ys[j] += (ey / d) * push;
          }
        }
      }
    }
    if (overlaps === 0) return pass - 1;
  }
  return maxPasses;
}

/**
 * Scales the picture about its centre until the nodes' discs cover at most `density` of its bounding box: a dense
 * cloud then needs a few local pushes instead of hundreds of passes that shove the whole cloud outwards.
 */
function spreadToDensity(xs: Float64Array, ys: Float64Array, radii: Float64Array, density: number): void {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, area = 0;
  for (let i = 0; i < xs.length; i++) {
    minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]); minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
    area += Math.PI * radii[i] * radii[i];
  }
  const box = Math.max((maxX - minX) * (maxY - minY), 1e-12);
  if (area / box <= density) return;
  const scale = Math.min(Math.sqrt(area / box / density), 1e6);
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  for (let i = 0; i < xs.length; i++) {
    xs[i] = cx + (xs[i] - cx) * scale;
    ys[i] = cy + (ys[i] - cy) * scale;
  }
}

/** How many pairs still overlap (for tests and the layout's status line). */
export function countOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array): number {
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (Math.hypot(xs[j] - xs[i], ys[j] - ys[i]) < (radii[i] + radii[j]) * (1 - 1e-6)) count++;
  }
  return count;
}
