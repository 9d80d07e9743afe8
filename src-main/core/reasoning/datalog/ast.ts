/** Abstract syntax of Relata's Datalog (Prolog syntax, no compound terms). */

export interface SourcePos {
  line: number;
  column: number;
  /** File or rule-set name, when the text came from one. */
  file?: string;
}

/** A constant: `sym` = identifier, 'quoted' atom or <IRI> (entity keys); `str` = "double-quoted"; `num` = number. */
export type Value =
  | { kind: 'sym'; text: string }
  | { kind: 'str'; text: string }
  | { kind: 'num'; value: number };

export type Term =
  | { kind: 'var'; name: string; pos: SourcePos }
  | { kind: 'const'; value: Value; pos: SourcePos };

export type AggregateOp = 'count' | 'min' | 'max' | 'sum';

export interface AggregateTerm {
  kind: 'agg';
  op: AggregateOp;
  term: Term;
  pos: SourcePos;
}

export type HeadArg = Term | AggregateTerm;

export interface Atom<A = Term> {
  predicate: string;
  args: A[];
  pos: SourcePos;
}

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type BodyLiteral =
  | { kind: 'atom'; atom: Atom; negated: boolean; pos: SourcePos }
  | { kind: 'builtin'; op: ComparisonOp; left: Term; right: Term; pos: SourcePos };

export interface Rule {
  head: Atom<HeadArg>;
  body: BodyLiteral[];
  pos: SourcePos;
  /** The clause as written, whitespace collapsed; shown in proofs and provenance. */
  text: string;
  /** A `%` comment on the clause's own line after it (a learned rule's numbers), shown with the rule in proofs. */
  note?: string;
}

export interface Query {
  body: BodyLiteral[];
  pos: SourcePos;
  text: string;
}

export interface Program {
  /** Rules with a body or a non-ground head; ground facts are in `facts`. */
  rules: Rule[];
  facts: Array<Atom & { text: string }>;
  queries: Query[];
}

export const predicateId = (name: string, arity: number): string => `${name}/${arity}`;

export function isAggregate(arg: HeadArg): arg is AggregateTerm {
  return arg.kind === 'agg';
}

export function emptyProgram(): Program {
  return { rules: [], facts: [], queries: [] };
}

export function mergePrograms(...programs: Program[]): Program {
  const out = emptyProgram();
  for (const p of programs) {
    out.rules.push(...p.rules);
    out.facts.push(...p.facts);
    out.queries.push(...p.queries);
  }
  return out;
}
