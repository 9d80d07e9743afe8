// Browser side of the graph view bench (plain JS: the repo's Node tsconfig checks bench/**/*.ts without the DOM).

/** Loads `data-<size>.json`: { slice: GraphSlice, positions: { key: {x, y} } }. */
export async function loadData() {
  const size = new URLSearchParams(location.search).get('size');
  return (await fetch(`./data-${size}.json`)).json();
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Times `draw` from the data in memory to the first frame painted after it (two animation frames), then reports
 * { firstFrameMs, heapBytes, nodes, edges } on `window.__bench`.
 */
export async function measure(draw) {
  globalThis.gc?.();
  const t0 = performance.now();
  const counts = draw();
  await frame();
  await frame();
  const firstFrameMs = performance.now() - t0;
  globalThis.gc?.();
  const heapBytes = performance.memory?.usedJSHeapSize ?? 0;
  globalThis.__bench = { firstFrameMs, heapBytes, ...counts };
}
