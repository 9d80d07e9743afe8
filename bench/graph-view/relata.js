import { flushSync, mount } from 'svelte';
import GraphView from '../../src-renderer/src/components/GraphView.svelte';
import { loadData, measure } from './bench-page.js';

// Relata's graph view component (graph model, reducers, labels, legend, dashed program) on the same slice, with the
// positions given as saved positions (as when a KG reopens).
const data = await loadData();
await measure(() => {
  const target = document.getElementById('stage');
  mount(GraphView, {
    target,
    props: {
      slice: data.slice,
      focusKey: null,
      selectedKey: null,
      showTypeLinks: false,
      onSelect: () => undefined,
      savedPositions: new Map(Object.entries(data.positions)),
    },
  });
  flushSync();
  const canvas = target.querySelector('[data-testid="graph-canvas"]');
  return { nodes: Number(canvas.getAttribute('data-nodes')), edges: Number(canvas.getAttribute('data-edges')) };
});
