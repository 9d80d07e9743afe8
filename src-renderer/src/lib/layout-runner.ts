import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import circular from 'graphology-layout/circular';
import type { KgGraph } from './graph-model';
import { newConvergence, sample } from './convergence';
import { removeOverlaps } from './noverlap';

export type LayoutKind = 'forceatlas2' | 'circular' | 'noverlap';

export interface LayoutProgress {
  running: boolean;
  progress: number;
  /** Why it stopped: converged, stopped by the user, or out of time. */
  reason?: 'converged' | 'stopped' | 'time';
  seconds: number;
}

const SAMPLE_MS = 200;
const THRESHOLD = 0.0015;
const MAX_MS = 30_000;

function positionsOf(graph: KgGraph): Float64Array {
  const out = new Float64Array(graph.order * 2);
  let i = 0;
  graph.forEachNode((_n, a) => {
    out[i++] = a.x;
    out[i++] = a.y;
  });
  return out;
}

/**
 * ForceAtlas2 in graphology's web worker, watched from here: it stops by itself once the mean displacement per
 * sample falls below a fraction of the picture's size (or after MAX_MS), and reports progress as it goes.
 */
export class ConvergingForceLayout {
  private supervisor: FA2Layout | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = 0;

  constructor(private readonly graph: KgGraph, private readonly onProgress: (p: LayoutProgress) => void) {}

  start(): void {
    this.stop('stopped', false);
    const settings = { ...forceAtlas2.inferSettings(this.graph), barnesHutOptimize: this.graph.order > 400 };
    this.supervisor = new FA2Layout(this.graph, { settings });
    this.supervisor.start();
    this.started = performance.now();
    const state = newConvergence();
    this.onProgress({ running: true, progress: 0, seconds: 0 });
    this.timer = setInterval(() => {
      const s = sample(state, positionsOf(this.graph), THRESHOLD);
      const elapsed = performance.now() - this.started;
      if (s.done) this.stop('converged');
      else if (elapsed > MAX_MS) this.stop('time');
      else this.onProgress({ running: true, progress: s.progress, seconds: elapsed / 1000 });
    }, SAMPLE_MS);
  }

  get running(): boolean {
    return this.supervisor?.isRunning() ?? false;
  }

  stop(reason: LayoutProgress['reason'] = 'stopped', report = true): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.supervisor) return;
    this.supervisor.kill();
    this.supervisor = null;
    if (report) this.onProgress({ running: false, progress: 1, reason, seconds: (performance.now() - this.started) / 1000 });
  }
}

/** Nodes on a circle, in the order of their type then degree, so types sit together. */
export function circularLayout(graph: KgGraph): void {
  const nodes = graph.nodes().sort((a, b) => {
    const ta = graph.getNodeAttribute(a, 'entityType') ?? '';
    const tb = graph.getNodeAttribute(b, 'entityType') ?? '';
    return ta < tb ? -1 : ta > tb ? 1 : graph.degree(b) - graph.degree(a);
  });
  const positions = circular(graph, { scale: 10 * Math.sqrt(graph.order) + 10 });
  const ordered = Object.keys(positions).map((k) => positions[k]);
  nodes.forEach((n, i) => graph.mergeNodeAttributes(n, ordered[i]));
}

/**
 * Pushes overlapping nodes apart. `unitsPerPixel` converts the drawn node radius (pixels) into graph units at the
 * current zoom, plus a few pixels of margin.
 */
export function noverlapLayout(graph: KgGraph, unitsPerPixel: number, marginPx = 3): number {
  const keys = graph.nodes();
  const xs = new Float64Array(keys.length);
  const ys = new Float64Array(keys.length);
  const radii = new Float64Array(keys.length);
  keys.forEach((k, i) => {
    const a = graph.getNodeAttributes(k);
    xs[i] = a.x;
    ys[i] = a.y;
    radii[i] = (a.size + marginPx) * unitsPerPixel;
  });
  const passes = removeOverlaps(xs, ys, radii);
  keys.forEach((k, i) => graph.mergeNodeAttributes(k, { x: xs[i], y: ys[i] }));
  return passes;
}
