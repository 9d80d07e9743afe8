export interface LiteralParts {
  value: string;
  datatype: string;
  lang: string;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const LITERAL = /^"((?:[^"\\]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^<([^>]*)>)?$/;

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' } as Record<string, string>)[e] ?? e;
  });
}

export function escapeLiteralValue(s: string): string {
  return s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
}

/** A TSV cell written in N-Triples literal syntax ("v", "v"@en, "v"^^<dt>) is a literal; anything else is a key. */
export function parseNTriplesLiteral(cell: string): LiteralParts | null {
  if (cell.length < 2 || cell[0] !== '"') return null;
  const m = LITERAL.exec(cell);
  if (!m) return null;
  const datatype = m[3] === XSD_STRING ? '' : (m[3] ?? '');
  return { value: unescape(m[1]), lang: m[2] ?? '', datatype };
}

export function formatNTriplesLiteral(l: LiteralParts): string {
  const body = `"${escapeLiteralValue(l.value)}"`;
  if (l.lang) return `${body}@${l.lang}`;
  if (l.datatype) return `${body}^^<${l.datatype}>`;
  return body;
}
