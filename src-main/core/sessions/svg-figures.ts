/** Small self-contained SVG figures for session reports: no scripts, no external fonts or files. */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const FONT = 'font-family="system-ui, sans-serif"';

/** Horizontal bars around a zero line (scores may be negative), best first. */
export function barChart(title: string, items: Array<{ label: string; value: number }>): string {
  const rows = items.slice(0, 12);
  const width = 560;
  const labelW = 170;
  const rowH = 22;
  const height = 34 + rows.length * rowH;
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value)));
  const hasNegative = rows.some((r) => r.value < 0);
  const plotW = width - labelW - 60;
  const zeroX = labelW + (hasNegative ? plotW / 2 : 0);
  const scale = (hasNegative ? plotW / 2 : plotW) / max;
  const bars = rows
    .map((r, i) => {
      const y = 28 + i * rowH;
      const w = Math.abs(r.value) * scale;
      const x = r.value >= 0 ? zeroX : zeroX - w;
      // Values sit right of the bar (positive) or right of the zero line (negative), clear of the labels.
      const tx = r.value >= 0 ? zeroX + w + 4 : zeroX + 4;
      return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="12">${esc(clip(r.label, 26))}</text>
<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 8}" rx="2" fill="${r.value >= 0 ? '#3b6fd4' : '#d0694a'}"/>
<text x="${tx.toFixed(1)}" y="${y + 14}" text-anchor="start" font-size="11" fill="#555">${r.value.toFixed(2)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img" aria-label="${esc(title)}">
<text x="8" y="16" font-size="13" font-weight="600">${esc(title)}</text>
<line x1="${zeroX}" y1="24" x2="${zeroX}" y2="${height - 4}" stroke="#999" stroke-width="1"/>
${bars}
</svg>`;
}

export interface SnapshotEdge {
  source: string;
  label: string;
  target: string;
  dashed?: boolean;
}

/** A snapshot of a small subgraph (the facts a step used): nodes on a circle, labelled arrows between them. */
export function graphSnapshot(title: string, edges: SnapshotEdge[]): string {
  // Edges between the same two nodes share one arrow whose label lists them all.
  const merged = new Map<string, SnapshotEdge>();
  for (const e of edges.slice(0, 60)) {
    const k = `${e.source}\u0000${e.target}`;
    const m = merged.get(k);
    if (m) merged.set(k, { ...m, label: `${m.label}, ${e.label}`, dashed: m.dashed && e.dashed });
    else merged.set(k, e);
  }
  const shown = [...merged.values()];
  const names = [...new Set(shown.flatMap((e) => [e.source, e.target]))];
  const width = 560;
  const height = Math.max(300, Math.min(560, 160 + names.length * 24));
  const cx = width / 2;
  const cy = (height + 20) / 2;
  const r = (height - 110) / 2;
  const pos = new Map(names.map((n, i) => {
    const a = (2 * Math.PI * i) / names.length - Math.PI / 2;
    return [n, { x: cx + (names.length > 1 ? r * Math.cos(a) : 0), y: cy + (names.length > 1 ? r * Math.sin(a) : 0) }] as const;
  }));
  const lines = shown
    .map((e) => {
      const a = pos.get(e.source)!;
      const b = pos.get(e.target)!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const [x2, y2] = [b.x - (dx / len) * 9, b.y - (dy / len) * 9];
      return `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="#8a94a6" stroke-width="1.3" marker-end="url(#arrow)"${e.dashed ? ' stroke-dasharray="5 4"' : ''}/>
<text x="${((a.x + b.x) / 2).toFixed(1)}" y="${((a.y + b.y) / 2 - 3).toFixed(1)}" text-anchor="middle" font-size="10.5" fill="#59627a">${esc(clip(e.label, 40))}</text>`;
    })
    .join('\n');
  const nodes = names
    .map((n) => {
      const p = pos.get(n)!;
      return `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="6" fill="#3b6fd4"/>
<text x="${p.x.toFixed(1)}" y="${(p.y + 18).toFixed(1)}" text-anchor="middle" font-size="12" font-weight="600">${esc(clip(n, 24))}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img" aria-label="${esc(title)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>
<text x="8" y="16" font-size="13" font-weight="600">${esc(title)}</text>
${lines}
${nodes}
</svg>`;
}
