/**
 * When a continuous layout has converged: the mean displacement of the nodes between two samples, relative to the
 * picture's extent, stays below a threshold for a few samples in a row.
 */
export interface ConvergenceState {
  previous: Float64Array | null;
  calm: number;
  first: number | null;
}

export const newConvergence = (): ConvergenceState => ({ previous: null, calm: 0, first: null });

/** Mean displacement between two position arrays ([x0, y0, x1, y1, …]) divided by the bounding-box diagonal. */
export function relativeDisplacement(previous: Float64Array, current: Float64Array): number {
  const n = current.length / 2;
  if (n === 0) return 0;
  let sum = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = current[2 * i], y = current[2 * i + 1];
    sum += Math.hypot(x - previous[2 * i], y - previous[2 * i + 1]);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  return sum / n / Math.max(Math.hypot(maxX - minX, maxY - minY), 1e-9);
}

/**
 * Feeds one sample; returns {done, progress}: progress goes from 0 to 1 as the displacement falls, on a log scale,
 * from the first sample's to the threshold.
 */
export function sample(state: ConvergenceState, positions: Float64Array, threshold: number, calmSamples = 3): { done: boolean; progress: number; displacement: number } {
  if (!state.previous || state.previous.length !== positions.length) {
    state.previous = positions;
    return { done: false, progress: 0, displacement: Infinity };
  }
  const d = relativeDisplacement(state.previous, positions);
  state.previous = positions;
  if (state.first === null) state.first = Math.max(d, threshold * 1.0001);
  state.calm = d < threshold ? state.calm + 1 : 0;
  const progress = d <= threshold ? 1 : Math.min(1, Math.max(0, Math.log(state.first / d) / Math.log(state.first / threshold)));
  return { done: state.calm >= calmSamples, progress, displacement: d };
}
