/**
 * Whole-graph counts answered from statistics kept with the loaded store, for the one query shape an engine can only
 * answer by scanning every quad:
 *
 *   SELECT [DISTINCT] [?g] (COUNT(*|?v) AS ?n)… WHERE { ?s ?p ?o } [GROUP BY ?g] [ORDER BY …] [LIMIT k] [OFFSET m]
 *
 * with ?g the pattern's subject or predicate variable (or no GROUP BY: one count of all triples). Under SPARQL
 * semantics the group of a term t is the set of default-graph triples with t in that position, so COUNT(*) and
 * COUNT(?v) (?v in the pattern, always bound) are that set's size. oxigraph scans at about 1 µs a quad in WASM (0.3-0.6 s
 * on FB15k-237's 325k quads, measured), so "triples per predicate" would cost that on every call.
 *
 * The counts are taken while the store is loaded (each default-graph quad once) and trusted only when the store holds
 * exactly the quads added (no two rows collapsed into one quad). The query is then rewritten to an equivalent one over
 * `VALUES (?g ?n) { … }` that oxigraph itself orders, slices and serialises, so every result format and ORDER BY, LIMIT
 * and OFFSET keep the engine's semantics. With ORDER BY on a count and a LIMIT, only the groups that can rank within
 * OFFSET + LIMIT (all ties at the boundary included) go into VALUES. Any other shape (FROM, FILTER, HAVING, DISTINCT
 * counts, repeated variables, …) returns null and runs in the engine unchanged.
 */

/** Triples per subject and per predicate of the default graph, keyed by the term as SPARQL writes it (`<iri>`). */
export interface GroupCounts {
  triples: number;
  predicates: Map<string, number>;
  /** null when a subject is a blank node (VALUES cannot name one). */
  subjects: Map<string, number> | null;
}

/** Collects GroupCounts while a store is loaded. */
export class GroupCounter {
  private triples = 0;
  private readonly predicates = new Map<string, number>();
  private subjects: Map<string, number> | null = new Map();

  /** One default-graph quad; `subject` null for a blank node. */
  add(subject: string | null, predicate: string): void {
    this.triples++;
    this.predicates.set(predicate, (this.predicates.get(predicate) ?? 0) + 1);
    if (subject === null) this.subjects = null;
    else this.subjects?.set(subject, (this.subjects.get(subject) ?? 0) + 1);
  }

  result(): GroupCounts {
    return { triples: this.triples, predicates: this.predicates, subjects: this.subjects };
  }
}

type Token = { kind: 'var' | 'word' | 'int' | 'punct' | 'iri' | 'pname'; text: string };

/** Tokens of the query, or null at anything the recognised shape never contains (strings, comments are skipped). */
function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /\s+|#[^\n]*|<[^<>"{}|^`\\\s]*>|[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+|[A-Za-z_][A-Za-z0-9_.-]*:[^\s{}()<>,;]*|:[^\s{}()<>,;]*|[A-Za-z]+|\d+|[{}().*]/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return null;
    const t = m[0];
    i += t.length;
    if (/^\s/.test(t) || t.startsWith('#')) continue;
    if (t.startsWith('<')) tokens.push({ kind: 'iri', text: t });
    else if (t.startsWith('?') || t.startsWith('$')) tokens.push({ kind: 'var', text: t.slice(1) });
    else if (t.includes(':')) tokens.push({ kind: 'pname', text: t });
    else if (/^\d/.test(t)) tokens.push({ kind: 'int', text: t });
    else if (/^[A-Za-z]/.test(t)) tokens.push({ kind: 'word', text: t.toUpperCase() });
    else tokens.push({ kind: 'punct', text: t });
  }
  return tokens;
}

/** The recognised query: which pattern position it groups by, its projection, order and slice. */
export interface CountQuery {
  distinct: boolean;
  /** The pattern's variables, subject, predicate, object. */
  pattern: [string, string, string];
  group: { variable: string; position: 'subject' | 'predicate' } | null;
  /** Projected variables in order: the group variable or a count's alias. */
  projection: Array<{ variable: string; count: boolean }>;
  order: Array<{ variable: string; descending: boolean; written: string }>;
  limit: number | null;
  offset: number;
}

/** The query as a CountQuery, or null when it is any other shape (or not valid SPARQL: the engine says why). */
export function recogniseCountQuery(text: string): CountQuery | null {
  const tokens = tokenize(text);
  if (!tokens) return null;
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const word = (w: string): boolean => (peek()?.kind === 'word' && peek()!.text === w ? (i++, true) : false);
  const punct = (p: string): boolean => (peek()?.kind === 'punct' && peek()!.text === p ? (i++, true) : false);
  const variable = (): string | null => (peek()?.kind === 'var' ? tokens[i++].text : null);
  const integer = (): number | null => (peek()?.kind === 'int' ? Number(tokens[i++].text) : null);
  // Prologue: declarations only name IRIs; the recognised shape uses none.
  for (;;) {
    if (word('BASE')) {
      if (peek()?.kind !== 'iri') return null;
      i++;
    } else if (word('PREFIX')) {
      if (peek()?.kind !== 'pname' || !peek()!.text.endsWith(':') || tokens[i + 1]?.kind !== 'iri') return null;
      i += 2;
    } else break;
  }
  if (!word('SELECT')) return null;
  const distinct = word('DISTINCT') || word('REDUCED');
  const projection: CountQuery['projection'] = [];
  const counted: Array<string | null> = [];
  for (;;) {
    const v = variable();
    if (v !== null) {
      projection.push({ variable: v, count: false });
      continue;
    }
    if (!punct('(')) break;
    if (!word('COUNT') || !punct('(')) return null;
    let arg: string | null = null;
    if (!punct('*') && (arg = variable()) === null) return null;
    if (!punct(')') || !word('AS')) return null;
    const alias = variable();
    if (alias === null || !punct(')')) return null;
    projection.push({ variable: alias, count: true });
    counted.push(arg);
  }
  if (projection.length === 0 || counted.length === 0) return null;
  word('WHERE');
  if (!punct('{')) return null;
  const [s, p, o] = [variable(), variable(), variable()];
  if (s === null || p === null || o === null || new Set([s, p, o]).size < 3) return null;
  punct('.');
  if (!punct('}')) return null;
  let group: CountQuery['group'] = null;
  if (word('GROUP')) {
    if (!word('BY')) return null;
    const g = variable();
    if (g === null || (g !== s && g !== p)) return null;
    group = { variable: g, position: g === s ? 'subject' : 'predicate' };
  }
  const order: CountQuery['order'] = [];
  if (word('ORDER')) {
    if (!word('BY')) return null;
    for (;;) {
      const v = variable();
      if (v !== null) {
        order.push({ variable: v, descending: false, written: `?${v}` });
        continue;
      }
      const dir = word('ASC') ? 'ASC' : word('DESC') ? 'DESC' : null;
      if (!dir) break;
      const w = punct('(') ? variable() : null;
      if (w === null || !punct(')')) return null;
      order.push({ variable: w, descending: dir === 'DESC', written: `${dir}(?${w})` });
    }
    if (order.length === 0) return null;
  }
  let limit: number | null = null;
  let offset = 0;
  for (let k = 0; k < 2; k++) {
    if (limit === null && word('LIMIT')) {
      if ((limit = integer()) === null) return null;
    } else if (offset === 0 && word('OFFSET')) {
      const n = integer();
      if (n === null) return null;
      offset = n;
    }
  }
  if (i !== tokens.length) return null;
  // What the engine would reject or answer otherwise: a projected variable that is not the group's, an alias that
  // clashes, a count of a variable the pattern leaves unbound, an order by something not projected.
  const names = projection.map((x) => x.variable);
  if (new Set(names).size !== names.length) return null;
  for (const x of projection) {
    if (x.count ? [s, p, o].includes(x.variable) : x.variable !== group?.variable) return null;
  }
  if (counted.some((v) => v !== null && ![s, p, o].includes(v))) return null;
  if (order.some((x) => !names.includes(x.variable))) return null;
  return { distinct, pattern: [s, p, o], group, projection, order, limit, offset };
}

/**
 * The query rewritten over the counts (VALUES), or null when the counts cannot answer it (not the shape, or a blank
 * subject among the groups).
 */
export function countQueryFromStatistics(text: string, counts: GroupCounts): string | null {
  const q = recogniseCountQuery(text);
  if (!q) return null;
  const aliases = q.projection.filter((x) => x.count).map((x) => x.variable);
  const head = `SELECT ${q.distinct ? 'DISTINCT ' : ''}${q.projection.map((x) => `?${x.variable}`).join(' ')}`;
  const tail = `${q.order.length ? ` ORDER BY ${q.order.map((x) => x.written).join(' ')}` : ''}${q.limit !== null ? ` LIMIT ${q.limit}` : ''}${q.offset ? ` OFFSET ${q.offset}` : ''}`;
  if (!q.group) return `${head} WHERE { VALUES (${aliases.map((a) => `?${a}`).join(' ')}) { (${aliases.map(() => counts.triples).join(' ')}) } }${tail}`;
  const groups = q.group.position === 'predicate' ? counts.predicates : counts.subjects;
  if (!groups) return null;
  // Which groups go into VALUES: all, or with a LIMIT only those that can rank within OFFSET + LIMIT.
  let keep: (n: number) => boolean = () => true;
  if (q.limit !== null) {
    const want = q.offset + q.limit;
    const first = q.order[0];
    if (!first) {
      let taken = 0; // unordered: any `want` groups are a valid answer
      keep = () => taken++ < want;
    } else if (aliases.includes(first.variable) && want < groups.size) {
      // Groups past the boundary count have at least `want` groups strictly before them under any tie-break.
      const values = new Int32Array(groups.size);
      let i = 0;
      groups.forEach((n) => void (values[i++] = n));
      values.sort();
      const boundary = first.descending ? values[values.length - want] : values[want - 1];
      keep = first.descending ? (n) => n >= boundary : (n) => n <= boundary;
    }
  }
  const rows: string[] = [];
  const repeat = aliases.length;
  groups.forEach((n, term) => {
    if (keep(n)) rows.push(`(${term}${` ${n}`.repeat(repeat)})`);
  });
  return `${head} WHERE { VALUES (?${q.group.variable} ${aliases.map((a) => `?${a}`).join(' ')}) {\n${rows.join('\n')}\n} }${tail}`;
}
