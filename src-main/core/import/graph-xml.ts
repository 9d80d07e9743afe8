import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { Attributes } from 'graphology-types';
import type { ImportContext } from './import-context.js';
import { ImportError, throwIfCancelled } from './import-error.js';
import { readWholeText } from './whole-file.js';
import { parseNTriplesLiteral } from './literal-syntax.js';

/** Attribute names read as the edge's predicate, in order of preference. */
const PREDICATE_ATTRS = ['predicate', 'relation', 'label', 'type'];
const DEFAULT_PREDICATE = 'related_to';
const NODE_LABEL_ATTRS = ['label', 'name'];
const NODE_TYPE_ATTRS = ['type', 'category', 'class'];

function pick(attrs: Attributes, names: string[]): [string, string] | null {
  for (const name of names) {
    const v = attrs[name];
    if (v !== undefined && v !== null && String(v) !== '') return [name, String(v)];
  }
  return null;
}

/** GraphML and GEXF through graphology's parsers: nodes become entities, edges become triples. */
export async function importGraphXml(ctx: ImportContext, format: 'graphml' | 'gexf'): Promise<number> {
  const text = await readWholeText(ctx);
  let graph: MultiDirectedGraph;
  try {
    graph =
      format === 'graphml'
        ? (parseGraphml(MultiDirectedGraph as never, text, { addMissingNodes: true } as never) as unknown as MultiDirectedGraph)
        : (parseGexf(MultiDirectedGraph as never, text, { addMissingNodes: true } as never) as unknown as MultiDirectedGraph);
  } catch (err) {
    throw new ImportError(ctx.displayName, null, `invalid ${format === 'graphml' ? 'GraphML' : 'GEXF'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (graph.order === 0) throw new ImportError(ctx.displayName, null, `no nodes found: not a ${format === 'graphml' ? 'GraphML' : 'GEXF'} graph?`);
  const { writer } = ctx;
  const ids = new Map<string, number>();
  graph.forEachNode((node, attrs) => {
    if (attrs.literal !== undefined) return;
    const label = pick(attrs, NODE_LABEL_ATTRS);
    const type = pick(attrs, NODE_TYPE_ATTRS);
    const id = writer.entity(node, label?.[1], type?.[1]);
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(attrs)) {
      if (k !== label?.[0] && k !== type?.[0] && !['x', 'y', 'size', 'color', 'viz'].includes(k)) props[k] = v;
    }
    if (Object.keys(props).length) writer.mergeProps(id, props);
    ids.set(node, id);
  });
  let read = 0;
  graph.forEachEdge((_edge, attrs, source, target) => {
    const predicate = pick(attrs, PREDICATE_ATTRS);
    const props: Record<string, unknown> = {};
    let confidence = 1;
    for (const [k, v] of Object.entries(attrs)) {
      if (k === predicate?.[0] || ['color', 'size', 'viz'].includes(k)) continue;
      if (k === 'confidence' && typeof v === 'number' && v >= 0 && v <= 1) confidence = v;
      else props[k] = v;
    }
    // An edge may point at a literal value written in N-Triples syntax by Relata's own exporter.
    const literalNode = graph.getNodeAttribute(target, 'literal') as string | undefined;
    const literal = literalNode ? parseNTriplesLiteral(literalNode) : null;
    writer.add(ids.get(source)!, writer.predicate(predicate?.[1] ?? DEFAULT_PREDICATE), literal ? writer.literal(literal.value, literal.datatype, literal.lang) : ids.get(target)!, {
      confidence,
      split: ctx.options.split ?? null,
      props: Object.keys(props).length ? props : null,
    });
    read++;
  });
  throwIfCancelled(ctx.signal);
  return read;
}
