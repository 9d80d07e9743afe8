/** Comparing SPARQL results and RDF graphs up to blank-node renaming, as the W3C test suite requires. */
import { RDF_TYPE } from '../../../contract/vocabulary.js';

export interface RTerm {
  type: 'uri' | 'bnode' | 'literal';
  value: string;
  lang?: string;
  datatype?: string;
}
export type Solution = Record<string, RTerm>;
export type ResultDoc = { kind: 'boolean'; value: boolean } | { kind: 'bindings'; vars: string[]; rows: Solution[] };

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function normTerm(t: { type: string; value: string; 'xml:lang'?: string; lang?: string; datatype?: string }): RTerm {
  const type = t.type === 'typed-literal' ? 'literal' : (t.type as RTerm['type']);
  if (type !== 'literal') return { type, value: t.value };
  const lang = (t['xml:lang'] ?? t.lang ?? '').toLowerCase();
  const datatype = t.datatype && t.datatype !== XSD_STRING && t.datatype !== RDF_LANG_STRING ? t.datatype : '';
  return { type, value: t.value, lang, datatype };
}

export function parseResultsJson(text: string): ResultDoc {
  const doc = JSON.parse(text) as { head?: { vars?: string[] }; boolean?: boolean; results?: { bindings: Array<Record<string, never>> } };
  if (typeof doc.boolean === 'boolean') return { kind: 'boolean', value: doc.boolean };
  const rows = (doc.results?.bindings ?? []).map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, normTerm(v)])));
  return { kind: 'bindings', vars: doc.head?.vars ?? [], rows };
}

const decodeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e],
  );

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeXml(m[2] ?? m[3]) : undefined;
}

/** SPARQL Query Results XML (the subset the test suite uses: uri, bnode, literal with lang or datatype). */
export function parseResultsXml(text: string): ResultDoc {
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  const bool = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(body);
  if (bool) return { kind: 'boolean', value: bool[1] === 'true' };
  const vars = [...body.matchAll(/<variable\s+name\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
  const rows: Solution[] = [];
  for (const r of body.matchAll(/<result\s*>([\s\S]*?)<\/result>|<result\s*\/>/g)) {
    const row: Solution = {};
    for (const b of (r[1] ?? '').matchAll(/<binding\s+name\s*=\s*["']([^"']+)["']\s*>([\s\S]*?)<\/binding>/g)) {
      const inner = b[2].trim();
      let m: RegExpExecArray | null;
      if ((m = /^<uri>([\s\S]*)<\/uri>$/.exec(inner))) row[b[1]] = { type: 'uri', value: decodeXml(m[1]) };
      else if ((m = /^<bnode>([\s\S]*)<\/bnode>$/.exec(inner))) row[b[1]] = { type: 'bnode', value: decodeXml(m[1]) };
      else if ((m = /^<literal([^>]*?)\/>$/.exec(inner))) row[b[1]] = normTerm({ type: 'literal', value: '', 'xml:lang': attr(m[1], 'xml:lang'), datatype: attr(m[1], 'datatype') });
      else if ((m = /^<literal([^>]*)>([\s\S]*)<\/literal>$/.exec(inner))) {
        row[b[1]] = normTerm({ type: 'literal', value: decodeXml(m[2]), 'xml:lang': attr(m[1], 'xml:lang'), datatype: attr(m[1], 'datatype') });
      } else throw new Error(`unreadable binding in results XML: ${inner.slice(0, 80)}`);
    }
    rows.push(row);
  }
  return { kind: 'bindings', vars, rows };
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const INTEGER_TYPES = new Set(['integer', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte']);

/** One spelling per value for numeric and boolean literals ("1.0"^^decimal and "1"^^decimal alike). */
export function canonicalLexical(value: string, datatype: string | undefined): string {
  if (!datatype?.startsWith(XSD)) return value;
  const local = datatype.slice(XSD.length);
  const v = value.trim();
  try {
    if (INTEGER_TYPES.has(local) && /^[+-]?\d+$/.test(v)) return BigInt(v).toString();
    if (local === 'decimal' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) {
      const neg = v.startsWith('-');
      const [i, f = ''] = v.replace(/^[+-]/, '').split('.');
      const int = i.replace(/^0+(?=\d)/, '') || '0';
      const frac = f.replace(/0+$/, '');
      const out = frac ? `${int}.${frac}` : int;
      return neg && out !== '0' ? `-${out}` : out;
    }
    if ((local === 'double' || local === 'float') && v !== '' && !Number.isNaN(Number(v.replace(/^\+/, '')))) return String(Number(v.replace(/^\+/, '')));
    if (local === 'boolean') return v === '1' ? 'true' : v === '0' ? 'false' : v;
  } catch {
    return value;
  }
  return value;
}

let byValue = false;
const termText = (t: RTerm | undefined, bnodes: Map<string, string> | null): string => {
  if (!t) return '∅';
  if (t.type === 'bnode') return bnodes ? `_:${bnodes.get(t.value) ?? '?'}` : '_:';
  if (t.type === 'uri') return `<${t.value}>`;
  return `"${byValue ? canonicalLexical(t.value, t.datatype) : t.value}"@${t.lang ?? ''}^^${t.datatype ?? ''}`;
};

/**
 * Like sameRows, but numeric and boolean literals compare by their canonical spelling: oxigraph stores them as
 * values and writes "1.0"^^xsd:decimal back as "1", where the suite expects the spelling of the data.
 */
export function sameRowsByValue(actual: Solution[], expected: Solution[], vars: string[]): boolean {
  byValue = true;
  try {
    return sameRows(actual, expected, vars);
  } finally {
    byValue = false;
  }
}

/** Rows equal as multisets, blank nodes matched one-to-one consistently across all rows. */
export function sameRows(actual: Solution[], expected: Solution[], vars: string[], maxSteps = 200_000): boolean {
  if (actual.length !== expected.length) return false;
  const blind = (r: Solution): string => vars.map((v) => termText(r[v], null)).join(' ');
  const count = new Map<string, number>();
  for (const r of expected) count.set(blind(r), (count.get(blind(r)) ?? 0) + 1);
  for (const r of actual) {
    const k = blind(r);
    const n = count.get(k);
    if (!n) return false;
    count.set(k, n - 1);
  }
  const hasBnode = actual.some((r) => vars.some((v) => r[v]?.type === 'bnode'));
  if (!hasBnode) return true;
  // Backtracking: map actual blank nodes to expected ones, row by row.
  const used = new Array<boolean>(expected.length).fill(false);
  const a2e = new Map<string, string>();
  const e2a = new Map<string, string>();
  let steps = 0;
  const match = (i: number): boolean => {
    if (i === actual.length) return true;
    if (++steps > maxSteps) return false;
    const row = actual[i];
    for (let j = 0; j < expected.length; j++) {
      if (used[j]) continue;
      const exp = expected[j];
      const added: string[] = [];
      let ok = true;
      for (const v of vars) {
        const a = row[v], e = exp[v];
        if (!a || !e) { ok = a === e; }
        else if (a.type !== e.type) ok = false;
        else if (a.type !== 'bnode') ok = termText(a, null) === termText(e, null);
        else {
          const m = a2e.get(a.value);
          if (m !== undefined) ok = m === e.value;
          else if (e2a.has(e.value)) ok = false;
          else { a2e.set(a.value, e.value); e2a.set(e.value, a.value); added.push(a.value); }
        }
        if (!ok) break;
      }
      if (ok) {
        used[j] = true;
        if (match(i + 1)) return true;
        used[j] = false;
      }
      for (const a of added) { e2a.delete(a2e.get(a)!); a2e.delete(a); }
    }
    return false;
  };
  return match(0);
}

/**
 * Whether the solutions come in the expected order, where the order is all the expected rows tell: rows equal on
 * every non-blank term may swap (ties), blank nodes are not compared.
 */
export function sameOrder(actual: Solution[], expected: Solution[], vars: string[]): boolean {
  if (actual.length !== expected.length) return false;
  byValue = true;
  try {
    const key = (r: Solution): string => vars.map((v) => termText(r[v], null)).join(' ');
    for (let i = 0; i < actual.length; i++) if (key(actual[i]) !== key(expected[i])) return false;
    return true;
  } finally {
    byValue = false;
  }
}

export function sameResults(actual: ResultDoc, expected: ResultDoc, ordered = false): { ok: boolean; why?: string; note?: string } {
  if (actual.kind !== expected.kind) return { ok: false, why: `got a ${actual.kind} result, expected ${expected.kind}` };
  if (actual.kind === 'boolean' && expected.kind === 'boolean') return actual.value === expected.value ? { ok: true } : { ok: false, why: `got ${actual.value}, expected ${expected.value}` };
  const a = actual as Extract<ResultDoc, { kind: 'bindings' }>, e = expected as Extract<ResultDoc, { kind: 'bindings' }>;
  const vars = [...new Set([...a.vars, ...e.vars])];
  const [av, ev] = [[...a.vars].sort().join(' '), [...e.vars].sort().join(' ')];
  if (av !== ev) return { ok: false, why: `projects ${av || 'no variables'}, expected ${ev || 'none'}` };
  const inOrder = !ordered || sameOrder(a.rows, e.rows, vars);
  if (sameRows(a.rows, e.rows, vars)) return inOrder ? { ok: true } : { ok: false, why: 'the right solutions in another order than ORDER BY asks' };
  if (sameRowsByValue(a.rows, e.rows, vars)) return inOrder ? { ok: true, note: NUMERIC_NOTE } : { ok: false, why: 'the right solutions in another order than ORDER BY asks' };
  return { ok: false, why: `${a.rows.length} solutions differ from the ${e.rows.length} expected` };
}

export const NUMERIC_NOTE = 'equal up to the lexical form of numeric literals (oxigraph writes 1.0^^xsd:decimal as 1)';

/** Triples as three-variable rows, so graph isomorphism reuses the row matcher. */
export function triplesAsRows(triples: Array<{ subject: { termType: string; value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } }>): Solution[] {
  const term = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }): RTerm =>
    t.termType === 'NamedNode' ? { type: 'uri', value: t.value } : t.termType === 'BlankNode' ? { type: 'bnode', value: t.value } : normTerm({ type: 'literal', value: t.value, lang: t.language, datatype: t.datatype?.value });
  return triples.map((q) => ({ s: term(q.subject), p: { type: 'uri', value: q.predicate.value }, o: term(q.object) }));
}

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
type AnyQuad = { subject: { termType: string; value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } };

/** A result set written in the DAWG result-set vocabulary (rs:ResultSet in Turtle), or null if the graph is not one. */
export function resultSetFromGraph(quads: AnyQuad[]): ResultDoc | null {
  const root = quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === `${RS}ResultSet`)?.subject;
  if (!root) return null;
  const of = (s: { value: string; termType: string }, p: string): AnyQuad['object'][] =>
    quads.filter((q) => q.subject.value === s.value && q.subject.termType === s.termType && q.predicate.value === `${RS}${p}`).map((q) => q.object);
  const bool = of(root, 'boolean')[0];
  if (bool) return { kind: 'boolean', value: bool.value === 'true' };
  const vars = of(root, 'resultVariable').map((o) => o.value);
  const term = (t: AnyQuad['object']): RTerm =>
    t.termType === 'NamedNode' ? { type: 'uri', value: t.value } : t.termType === 'BlankNode' ? { type: 'bnode', value: t.value } : normTerm({ type: 'literal', value: t.value, lang: t.language, datatype: t.datatype?.value });
  const rows = of(root, 'solution').map((sol) => {
    const row: Solution = {};
    for (const b of of(sol, 'binding')) {
      const name = of(b, 'variable')[0]?.value;
      const value = of(b, 'value')[0];
      if (name && value) row[name] = term(value);
    }
    return row;
  });
  return { kind: 'bindings', vars, rows };
}
