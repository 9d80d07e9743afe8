import { MultiGraph } from 'graphology';
import { createRequire } from 'node:module';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { Attributes } from 'graphology-types';
import type { ImportContext } from './import-context.js';
import { reportBadLine } from './import-context.js';
import { ImportError } from './import-error.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import { readWholeText } from './whole-file.js';
import { parseNTriplesLiteral } from './literal-syntax.js';
import { badKeyReason } from '../store/triple-writer.js';

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

/** The parts of @xmldom/xmldom's DOM used here (loaded without its types, which would pull the DOM lib in). */
interface XmlNode {
  nodeType: number;
  localName?: string | null;
  documentElement?: XmlNode | null;
  lineNumber?: number;
  childNodes: { length: number; [i: number]: XmlNode };
  parentNode: XmlNode | null;
  getAttribute?(name: string): string | null;
  hasAttribute?(name: string): boolean;
  removeChild(child: XmlNode): void;
}
interface XmlDom {
  DOMParser: new (options: { locator: object; errorHandler: Record<'warning' | 'error' | 'fatalError', (msg: string) => void> }) => {
    parseFromString(text: string, mime: string): XmlNode;
  };
}
// The XML parser graphology-gexf and graphology-graphml use: parsing with it first (and handing them the document)
// turns its console warnings into FILE:LINE errors, and gives every element its line.
const xmldom = createRequire(import.meta.url)('@xmldom/xmldom') as XmlDom;

/** Parses XML strictly: the first warning or error stops the import at its line. */
function parseXml(ctx: ImportContext, text: string, kind: string): XmlNode {
  let problem: { message: string; line: number | null } | null = null;
  const note = (msg: string): void => {
    if (problem) return;
    const m = /@#\[line:(\d+),col:(\d+)\]/.exec(msg);
    problem = { message: msg.split('\n')[0].replace(/^\[xmldom \w+\]\s*/, '').trim(), line: m ? Number(m[1]) : null };
  };
  let doc: XmlNode;
  try {
    doc = new xmldom.DOMParser({ locator: {}, errorHandler: { warning: note, error: note, fatalError: note } }).parseFromString(text, 'application/xml');
  } catch (err) {
    note((err as Error).message);
    doc = null as never;
  }
  const p = problem as { message: string; line: number | null } | null;
  if (p) throw new ImportError(ctx.displayName, p.line, `invalid ${kind} (not well-formed XML): ${p.message}`);
  const root = doc.documentElement ?? null;
  const rootName = kind === 'GraphML' ? 'graphml' : 'gexf';
  if (!root || root.localName !== rootName) {
    throw new ImportError(ctx.displayName, root?.lineNumber ?? 1, `not a ${kind} file: the root element is ${root ? `<${root.localName}>` : 'missing'}, not <${rootName}>`);
  }
  const graph = [...elements(root)].find((el) => el.localName === 'graph');
  if (!graph) throw new ImportError(ctx.displayName, root.lineNumber ?? null, `not a ${kind} graph: <${rootName}> holds no <graph> element`);
  return doc;
}

/** The line of the document's <graph> element (for messages about the graph as a whole). */
function graphLine(doc: XmlNode): number | null {
  for (const el of elements(doc)) if (el.localName === 'graph') return el.lineNumber ?? null;
  return null;
}

function* elements(root: XmlNode): Generator<XmlNode> {
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType === 1) yield n;
    for (let i = n.childNodes?.length ?? 0; i > 0; i--) stack.push(n.childNodes[i - 1]);
  }
}

/**
 * Checks what graphology's parsers let through: nodes need ids, and an edge may only join declared nodes (theirs
 * would invent the missing node). Returns how many <edge> elements the file has. Bad edges stop the import at their line, or are skipped and reported (--skip-bad).
 */
function checkGraphElements(ctx: ImportContext, doc: XmlNode): number {
  const declared = new Set<string>();
  const edges: XmlNode[] = [];
  for (const el of elements(doc)) {
    if (el.localName === 'node') {
      const id = el.getAttribute!('id');
      if (id === null || id === '') reportBadLine(ctx, el.lineNumber ?? null, '<node> without an id');
      else if (declared.has(id)) reportBadLine(ctx, el.lineNumber ?? null, `node "${id}" is declared twice`);
      else {
        // XML character references (&#1;) can put control characters in an id: refused here, where the line is known.
        const bad = badKeyReason(id, 'node id');
        if (bad) {
          reportBadLine(ctx, el.lineNumber ?? null, bad);
          el.parentNode?.removeChild(el);
        } else declared.add(id);
      }
    } else if (el.localName === 'edge') edges.push(el);
  }
  for (const edge of edges) {
    const line = edge.lineNumber ?? null;
    const id = edge.getAttribute!('id');
    const name = id ? `edge "${id}"` : 'edge';
    let problem: string | null = null;
    for (const end of ['source', 'target']) {
      const ref = edge.getAttribute!(end);
      if (ref === null || ref === '') problem ??= `${name} has no ${end}`;
      else if (!declared.has(ref)) problem ??= `${name} points at node "${ref}" (its ${end}), which is not declared`;
    }
    if (problem) {
      reportBadLine(ctx, line, problem);
      edge.parentNode?.removeChild(edge);
    }
  }
  return edges.length;
}

/** graphology's messages name its own functions ("graphology-gexf/parser: …", "MultiGraph.from: …"): strip that. */
function plainMessage(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].replace(/^[\w-]+(\/[\w-]+)?(\.\w+)?: /, '');
}

/** GraphML and GEXF through graphology's parsers: nodes become entities, edges become triples. */
export async function importGraphXml(ctx: ImportContext, format: 'graphml' | 'gexf'): Promise<number> {
  const kind = format === 'graphml' ? 'GraphML' : 'GEXF';
  const text = await readWholeText(ctx);
  const doc = parseXml(ctx, text, kind);
  const edgeElements = checkGraphElements(ctx, doc);
  let graph: MultiGraph;
  try {
    // A mixed multigraph: files declare directed, undirected or mixed edges; each edge becomes one triple, source → target.
    graph =
      format === 'graphml'
        ? (parseGraphml(MultiGraph as never, doc as never, { addMissingNodes: false } as never) as unknown as MultiGraph)
        : (parseGexf(MultiGraph as never, doc as never, { addMissingNodes: false } as never) as unknown as MultiGraph);
  } catch (err) {
    // A TypeError is the parser tripping over a structure it did not expect: its message would only name its internals.
    const why = err instanceof TypeError ? `its elements are not laid out as ${kind} describes` : plainMessage(err);
    throw new ImportError(ctx.displayName, null, `invalid ${kind}: ${why}`);
  }
  if (graph.order === 0) throw new ImportError(ctx.displayName, graphLine(doc), `no nodes found: not a ${kind} graph?`);
  if (edgeElements === 0) {
    // Relata stores edges as triples: a graph of nodes only would import as nothing but bare entities.
    const n = graph.order;
    throw new ImportError(ctx.displayName, graphLine(doc), `the graph holds ${n.toLocaleString('en-US')} node${n === 1 ? '' : 's'} and no edges: nothing to import as triples`);
  }
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
