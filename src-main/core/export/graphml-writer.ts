import type { AbstractGraph } from 'graphology-types';

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

function attrType(values: unknown[]): 'string' | 'double' | 'boolean' {
  if (values.every((v) => typeof v === 'number')) return 'double';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

/** GraphML 1.0 writer (graphology-graphml only parses): one <key> per attribute name, typed from its values. */
export function writeGraphml(graph: AbstractGraph): string {
  const collect = (each: (cb: (attrs: Record<string, unknown>) => void) => void): Map<string, unknown[]> => {
    const seen = new Map<string, unknown[]>();
    each((attrs) => {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null) continue;
        if (!seen.has(k)) seen.set(k, []);
        seen.get(k)!.push(v);
      }
    });
    return seen;
  };
  const nodeAttrs = collect((cb) => graph.forEachNode((_n, a) => cb(a)));
  const edgeAttrs = collect((cb) => graph.forEachEdge((_e, a) => cb(a)));
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  const keyIds = new Map<string, string>();
  for (const [kind, attrs] of [['node', nodeAttrs], ['edge', edgeAttrs]] as const) {
    for (const [name, values] of attrs) {
      const id = `${kind[0]}${keyIds.size}`;
      keyIds.set(`${kind}:${name}`, id);
      out.push(`  <key id="${id}" for="${kind}" attr.name="${escapeXml(name)}" attr.type="${attrType(values)}"/>`);
    }
  }
  out.push('  <graph edgedefault="directed">');
  const data = (kind: string, attrs: Record<string, unknown>): string =>
    Object.entries(attrs)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<data key="${keyIds.get(`${kind}:${k}`)}">${escapeXml(typeof v === 'object' ? JSON.stringify(v) : String(v))}</data>`)
      .join('');
  graph.forEachNode((node, attrs) => out.push(`    <node id="${escapeXml(node)}">${data('node', attrs)}</node>`));
  let i = 0;
  graph.forEachEdge((_e, attrs, source, target) =>
    out.push(`    <edge id="e${i++}" source="${escapeXml(source)}" target="${escapeXml(target)}">${data('edge', attrs)}</edge>`),
  );
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
