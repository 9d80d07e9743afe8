/**
 * Removes node overlaps by pushing overlapping pairs apart along the line joining them (the idea of Gephi's and
 * graphology's noverlap). Pure kernel over typed arrays: xs and ys are moved in place; radii include the margin.
 * Pairs are found through a uniform grid whose cell is the largest diameter, so one pass is about linear.
 * Returns the number of passes run (stops early once no pair overlaps).
 */
export function removeOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array, maxPasses = 200): number {
  const n = xs.length;
  let cell = 0;
  for (let i = 0; i < n; i++) cell = Math.max(cell, 2 * radii[i]);
  if (n < 2 || cell === 0) return 0;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let pass = 1; pass <= maxPasses; pass++) {
    const grid = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = `${Math.floor(xs[i] / cell)},${Math.floor(ys[i] / cell)}`;
      const list = grid.get(k);
      if (list) list.push(i);
      else grid.set(k, [i]);
    }
    dx.fill(0);
    dy.fill(0);
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
            if (d >= need) continue;
            overlaps++;
            if (d < 1e-9) {
              // Same spot: separate along a direction fixed by the indices, so the result is deterministic.
              const a = (i * 7 + j * 13) % 360 * (Math.PI / 180);
              ex = Math.cos(a);
              ey = Math.sin(a);
              d = 1;
            }
            const push = (need - Math.hypot(xs[j] - xs[i], ys[j] - ys[i])) / 2;
            dx[i] -= (ex / d) * push;
            dy[i] -= (ey / d) * push;
            dx[j] += (ex / d) * push;
            dy[j] += (ey / d) * push;
          }
        }
      }
    }
    if (overlaps === 0) return pass - 1;
    for (let i = 0; i < n; i++) {
      xs[i] += dx[i];
      ys[i] += dy[i];
    }
  }
  return maxPasses;
}

/** How many pairs still overlap (for tests and the layout's status line). */
export function countOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array): number {
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (Math.hypot(xs[j] - xs[i], ys[j] - ys[i]) < radii[i] + radii[j] - 1e-9) count++;
  }
  return count;
}
