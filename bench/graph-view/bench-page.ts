import type { GraphSlice } from '../../src-main/contract/types';

/** What each bench page reports on `window.__bench` once its first frame is on screen. */
export interface BenchReport {
  firstFrameMs: number;
  heapBytes: number;
  nodes: number;
  edges: number;
}

export interface BenchData {
  slice: GraphSlice;
  positions: Record<string, { x: number; y: number }>;
}

export async function loadData(): Promise<BenchData> {
  const size = new URLSearchParams(location.search).get('size');
  return (await (await fetch(`./data-${size}.json`)).json()) as BenchData;
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

/** Times `draw` from the data in memory to the first frame painted after it (two animation frames). */
export async function measure(draw: () => { nodes: number; edges: number }): Promise<void> {
  const g = globalThis as unknown as { gc?: () => void; __bench?: BenchReport };
  g.gc?.();
  const t0 = performance.now();
  const counts = draw();
  await frame();
  await frame();
  const firstFrameMs = performance.now() - t0;
  g.gc?.();
  const heapBytes = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  g.__bench = { firstFrameMs, heapBytes, ...counts };
}
