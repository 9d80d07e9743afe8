/**
 * Predicate semantics as rules: the predicates table's symmetric / transitive / inverse_of flags, and the
 * RDFS / OWL-RL axioms found among imported triples (subClassOf, subPropertyOf, domain, range, inverseOf,
 * SymmetricProperty, TransitiveProperty). Returned as Datalog text so users see them as ordinary rules.
 */
import type { DatabaseHandle } from '../store/kg-store.js';
import { entityPairsOf, predicateFlags } from '../store/fact-scan.js';
import { formatPredicate, formatValue } from './datalog/values.js';
import { RDF_TYPE } from '../../contract/vocabulary.js';

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';

export interface SchemaRule {
  text: string;
  /** Where it comes from, e.g. "predicate flag: symmetric" or "rdfs:subClassOf". */
  origin: string;
}

const p = formatPredicate;
const c = (key: string): string => formatValue({ kind: 'sym', text: key });

export function schemaRules(db: DatabaseHandle): SchemaRule[] {
  const out: SchemaRule[] = [];
  const flags = predicateFlags(db);
  for (const f of flags) {
    if (f.symmetric) out.push({ text: `${p(f.key)}(Y, X) :- ${p(f.key)}(X, Y).`, origin: 'predicate flag: symmetric' });
    if (f.transitive) out.push({ text: `${p(f.key)}(X, Z) :- ${p(f.key)}(X, Y), ${p(f.key)}(Y, Z).`, origin: 'predicate flag: transitive' });
    if (f.inverse) out.push(...inverseRules(f.key, f.inverse, 'predicate flag: inverse_of'));
  }
  const axioms = (predicate: string): Array<{ s: string; o: string }> => entityPairsOf(db, predicate);
  for (const { s, o } of axioms(`${RDFS}subClassOf`)) out.push({ text: `type(X, ${c(o)}) :- type(X, ${c(s)}).`, origin: 'rdfs:subClassOf' });
  for (const { s, o } of axioms(`${RDFS}subPropertyOf`)) out.push({ text: `${p(o)}(X, Y) :- ${p(s)}(X, Y).`, origin: 'rdfs:subPropertyOf' });
  for (const { s, o } of axioms(`${RDFS}domain`)) out.push({ text: `type(X, ${c(o)}) :- ${p(s)}(X, _).`, origin: 'rdfs:domain' });
  for (const { s, o } of axioms(`${RDFS}range`)) out.push({ text: `type(Y, ${c(o)}) :- ${p(s)}(_, Y).`, origin: 'rdfs:range' });
  for (const { s, o } of axioms(`${OWL}inverseOf`)) out.push(...inverseRules(s, o, 'owl:inverseOf'));
  for (const { s, o } of axioms(RDF_TYPE)) {
    if (o === `${OWL}SymmetricProperty`) out.push({ text: `${p(s)}(Y, X) :- ${p(s)}(X, Y).`, origin: 'owl:SymmetricProperty' });
    if (o === `${OWL}TransitiveProperty`) out.push({ text: `${p(s)}(X, Z) :- ${p(s)}(X, Y), ${p(s)}(Y, Z).`, origin: 'owl:TransitiveProperty' });
  }
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(r.text) && seen.add(r.text));
}

function inverseRules(a: string, b: string, origin: string): SchemaRule[] {
  return [
    { text: `${p(b)}(Y, X) :- ${p(a)}(X, Y).`, origin },
    { text: `${p(a)}(Y, X) :- ${p(b)}(X, Y).`, origin },
  ];
}
