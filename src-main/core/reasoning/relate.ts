/**
 * "How are A and B related?": every binary relation the rule packs derive from A to B (what B is to A,
 * since p(A, B) reads "B is A's p"), each with its proof, plus the shortest connecting paths in the KG
 * (core/paths, without hubs, derived triples or RDF/RDFS/OWL vocabulary, so paths say something specific).
 */
import { DatalogEngine } from './datalog/engine.js';
import { buildProgram, conventionsOf, withProvenance } from './kg-reasoning.js';
import { conventionRuleIndex, markConventions } from './conventions.js';
import { KgFactSource } from './kg-facts.js';
import type { RuleText } from './rule-packs.js';
import type { DatabaseHandle } from '../store/kg-store.js';
import { resolveEntity } from '../store/kg-lookup.js';
import { shortestPaths } from '../paths/shortest-paths.js';
import type { EvalLimits } from './datalog/limits.js';
import type { KgPath, KgPathStep, RelateResult, RelationFound } from '../../contract/reasoning-types.js';

export interface RelatePathOptions {
  maxHops?: number;
  maxPaths?: number;
  /** Entities with more triples than this (e.g. a `male` every person points to) are not walked through; default 1000. */
  hubDegree?: number;
  /** Walk derived (materialised) triples too; default false. */
  includeDerived?: boolean;
  /** Only these predicate keys (any when empty). */
  predicates?: string[];
  /** Walk rdf:, rdfs: and owl: predicates too; default false. */
  includeSchema?: boolean;
}

const READING = /^(.+)_by_(blood|marriage)$/;

/** An entity by exact key, else by label or alias (case-insensitive) when that is unambiguous. */
function namedEntity(db: DatabaseHandle, name: string): { id: number; key: string } {
  const found = resolveEntity(db, name, { limit: 2 });
  if (!found) throw new Error(`no entity '${name}' in the KG`);
  if (found.entities.length > 1) throw new Error(`'${name}' is the ${found.via} of several entities; give a key (${found.entities.map((e) => e.key).join(', ')}, ...)`);
  const [{ id, key }] = found.entities;
  return { id, key };
}

export type RelateOptions = RelatePathOptions & { schema?: boolean; limits?: EvalLimits };

function prepareRelate(db: DatabaseHandle, a: string, b: string, rules: RuleText[], opts: RelateOptions) {
  const ea = namedEntity(db, a);
  const eb = namedEntity(db, b);
  const { program } = buildProgram(rules, db, opts.schema ?? true);
  const engine = new DatalogEngine(program, { source: new KgFactSource(db, { storedOnly: true }), limits: opts.limits });
  return { ea, eb, engine };
}

/** How A and B are related, blocking until the rules are evaluated (within opts.limits). */
export function relateEntities(db: DatabaseHandle, a: string, b: string, rules: RuleText[], opts: RelateOptions = {}): RelateResult {
  const prepared = prepareRelate(db, a, b, rules, opts);
  prepared.engine.evaluate();
  return relationsFound(db, rules, prepared, opts);
}

/** relateEntities with turns for the event loop while the rules run (other calls, Cancel through opts.limits.signal). */
export async function relateEntitiesAsync(db: DatabaseHandle, a: string, b: string, rules: RuleText[], opts: RelateOptions = {}): Promise<RelateResult> {
  const prepared = prepareRelate(db, a, b, rules, opts);
  await prepared.engine.evaluateAsync();
  return relationsFound(db, rules, prepared, opts);
}

function relationsFound(db: DatabaseHandle, rules: RuleText[], { ea, eb, engine }: ReturnType<typeof prepareRelate>, opts: RelateOptions): RelateResult {
  const relations: RelationFound[] = [];
  const va = engine.values.lookup({ kind: 'sym', text: ea.key });
  const vb = engine.values.lookup({ kind: 'sym', text: eb.key });
  const index = conventionRuleIndex(rules);
  const used = new Set<string>();
  if (va >= 0 && vb >= 0) {
    engine.relations.forEach((rel, n) => {
      if (rel.arity !== 2 || rel.name.startsWith('?')) return;
      const row = rel.find([va, vb]);
      if (row < 0) return;
      const proof = withProvenance(db, engine.explain(n, row));
      const conventions_used = markConventions(proof, index);
      conventions_used.forEach((c) => used.add(c));
      relations.push({ relation: rel.name.replace(/_/g, '-'), predicate: rel.name, stored: proof.base === 'source', proof, conventions_used });
    });
  }
  // aunt_by_marriage holding beside aunt becomes aunt's reading 'by marriage' (also when the KG stores it).
  const byPredicate = new Map(relations.map((r) => [r.predicate, r]));
  const folded = relations.filter((r) => {
    const m = READING.exec(r.predicate);
    const base = m ? byPredicate.get(m[1]) : undefined;
    if (!m || !base) return true;
    base.readings = [...(base.readings ?? []), m[2] === 'blood' ? 'by blood' as const : 'by marriage' as const].sort();
    return false;
  });
  folded.sort((x, y) => Number(x.stored) - Number(y.stored) || x.relation.localeCompare(y.relation));
  return { a: ea.key, b: eb.key, relations: folded, paths: connectingPaths(db, ea.key, eb.key, opts), conventions: conventionsOf(rules), conventions_used: [...used].sort() };
}

/** The shortest KG paths from `a` to `b` (entity keys), as steps that name keys. */
export function connectingPaths(db: DatabaseHandle, a: string, b: string, opts: RelatePathOptions = {}): KgPath[] {
  const { paths } = shortestPaths({ db }, a, b, {
    maxHops: opts.maxHops ?? 4,
    limit: opts.maxPaths ?? 10,
    maxVisited: Number.POSITIVE_INFINITY,
    hubDegree: opts.hubDegree ?? 1000,
    includeDerived: opts.includeDerived ?? false,
    // The schema filter below leaves out rdf:type (and the rest of RDF/RDFS/OWL) by namespace.
    typeLinks: true,
    excludeSchemaNamespaces: !opts.includeSchema,
    predicates: opts.predicates,
  });
  return paths.map((path) => {
    const entities = [a];
    const steps = path.map(({ triple, reversed }): KgPathStep => {
      const o = triple.object.kind === 'entity' ? triple.object.key : triple.object.value;
      entities.push(reversed ? triple.subject.key : o);
      return { triple_id: triple.id, s: triple.subject.key, p: triple.predicate.key, o, derived: triple.derived, direction: reversed ? 'backward' : 'forward' };
    });
    return { length: steps.length, entities, steps };
  });
}
