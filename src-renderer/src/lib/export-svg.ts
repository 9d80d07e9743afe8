/** An SVG picture of what the graph view shows: nodes, edges and labels in viewport coordinates. */
export interface SvgNode {
  x: number;
  y: number;
  r: number;
  color: string;
  label: string;
}
export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  dashed: boolean;
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function graphSvg(width: number, height: number, nodes: SvgNode[], edges: SvgEdge[], background: string, textColour: string): string {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="${background}"/>`,
    '<g stroke-width="1.2" fill="none">',
  ];
  for (const e of edges) {
    out.push(`<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${e.color}"${e.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
  }
  out.push('</g><g>');
  for (const n of nodes) out.push(`<circle cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" r="${n.r.toFixed(1)}" fill="${n.color}"/>`);
  out.push(`</g><g font-family="system-ui, DejaVu Sans, sans-serif" font-size="12" fill="${textColour}">`);
  for (const n of nodes) if (n.label) out.push(`<text x="${(n.x + n.r + 3).toFixed(1)}" y="${(n.y + 4).toFixed(1)}">${escapeXml(n.label)}</text>`);
  out.push('</g></svg>');
  return out.join('\n');
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
