import type { EditResult } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { applyOp, invertOp, type ChangeOp, type EntityRow, type TripleRow } from '../store/change-ops.js';
import { changeHistory, markUndone, nextChange, recordChange } from '../store/change-log.js';
import {
  aliasesOf, assertedTriple, entityWithPropsByKey, insertModelSource, internLiteral, internPredicate, negativeBySpo, nextId, rejectedRule,
  ruleSetHolds, ruleSetRows, tripleById, tripleBySpo, triplesTouching, userSourceId, type KeyedFact, type LiteralInput,
} from '../store/edit-statements.js';
import { entityIdByKey, predicateIdByKey } from '../store/kg-lookup.js';
import { displayName } from '../store/names.js';
import { ruleSetRowOf } from '../store/rule-sets.js';

export type { KeyedFact, LiteralInput };

/** A triple's props with its named graph set (or removed, for null); null when nothing is left. */
function propsWithGraph(props: string | null, graph: string | null): string | null {
  const parsed = props ? (JSON.parse(props) as Record<string, unknown>) : {};
  if (graph === null) delete parsed.graph;
  else parsed.graph = graph;
  return Object.keys(parsed).length ? JSON.stringify(parsed) : null;
}

function entityRow(store: KgStore, key: string): EntityRow {
  const row = entityWithPropsByKey(store.db, key);
  if (!row) throw new Error(`no entity with key "${key}"`);
  return row;
}

/**
 * Every edit of the KG goes through here: it is turned into invertible operations, applied in one transaction and
 * recorded in the change log, so Undo/Redo work across restarts (the log lives in the KG file).
 */
export class KgEditor {
  constructor(private readonly store: KgStore) {}

  private commit(kind: string, summary: string, build: () => ChangeOp[]): Promise<EditResult> {
    return this.store.write(() => {
      const db = this.store.db;
      // Ops are planned against the state before the edit, then applied in order.
      const ops = build();
      for (const op of ops) applyOp(db, op);
      if (ops.length === 0) throw new Error(`${summary}: nothing to change`);
      const changeId = recordChange(db, kind, summary, ops, ops.map(invertOp).reverse());
      return { changeId, kind, summary, ops: ops.length };
    });
  }

  createEntity(input: { key: string; label?: string | null; type?: string | null; props?: Record<string, unknown> | null }): Promise<EditResult> {
    return this.commit('create-entity', `create ${input.key}`, () => {
      if (entityIdByKey(this.store.db, input.key) !== undefined) throw new Error(`an entity with key "${input.key}" already exists`);
      const row: EntityRow = {
        id: nextId(this.store.db, 'entities'),
        key: input.key,
        label: input.label ?? null,
        type: input.type ?? null,
        props: input.props ? JSON.stringify(input.props) : null,
      };
      return [{ op: 'insertEntity', row }];
    });
  }

  updateEntity(input: { key: string; newKey?: string; label?: string | null; type?: string | null; props?: Record<string, unknown> | null }): Promise<EditResult> {
    return this.commit('update-entity', `edit ${input.key}`, () => {
      const row = entityRow(this.store, input.key);
      if (input.newKey && input.newKey !== input.key && entityIdByKey(this.store.db, input.newKey) !== undefined) {
        throw new Error(`an entity with key "${input.newKey}" already exists`);
      }
      const before = { key: row.key, label: row.label, type: row.type, props: row.props };
      const after = {
        key: input.newKey ?? row.key,
        label: input.label === undefined ? row.label : input.label,
        type: input.type === undefined ? row.type : input.type,
        props: input.props === undefined ? row.props : input.props === null ? null : JSON.stringify(input.props),
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return [];
      return [{ op: 'updateEntity', id: row.id, before, after }];
    });
  }

  deleteEntity(key: string): Promise<EditResult> {
    return this.commit('delete-entity', `delete ${key}`, () => {
      const row = entityRow(this.store, key);
      const aliases = aliasesOf(this.store.db, row.id);
      return [
        ...triplesTouching(this.store.db, row.id).map((t): ChangeOp => ({ op: 'deleteTriple', row: t })),
        ...aliases.map((alias): ChangeOp => ({ op: 'deleteAlias', entityId: row.id, alias })),
        { op: 'deleteEntity', row },
      ];
    });
  }

  addTriple(input: { subject: string; predicate: string; object: { key: string } | LiteralInput; confidence?: number }): Promise<EditResult> {
    return this.commit('add-triple', `add ${input.subject} ${input.predicate}`, () => {
      const db = this.store.db;
      const s = entityRow(this.store, input.subject).id;
      const p = internPredicate(db, input.predicate, input.predicate);
      const o = 'key' in input.object ? entityRow(this.store, input.object.key).id : -internLiteral(db, input.object);
      if (tripleBySpo(db, s, p, o) !== undefined) throw new Error('the KG already has this triple');
      const row: TripleRow = {
        id: nextId(db, 'triples'), s, p, o, confidence: input.confidence ?? 1, split: null, derived: 0,
        source_id: userSourceId(db), source_line: null, props: null,
      };
      return [{ op: 'insertTriple', row }];
    });
  }

  /**
   * Accepts a fact (a model prediction, or a user's correction) as a stored triple with provenance "user": an
   * existing predicted/derived triple is turned into an asserted one, otherwise a new triple is added. Undoable.
   */
  acceptFact(input: { subject: string; predicate: string; object: { key: string } | LiteralInput }): Promise<EditResult> {
    const db = this.store.db;
    const s = entityIdByKey(db, input.subject);
    const p = predicateIdByKey(db, input.predicate);
    // A literal object always takes the add path.
    const o = 'key' in input.object ? entityIdByKey(db, input.object.key) : undefined;
    const existing = s !== undefined && p !== undefined && o !== undefined ? tripleBySpo(db, s, p, o) : undefined;
    if (!existing) return this.addTriple(input);
    return this.commit('accept-fact', `accept ${input.subject} ${input.predicate}`, () => {
      const source = userSourceId(db);
      if (existing.derived === 0 && existing.source_id === source) throw new Error('the KG already has this fact from the user');
      return [
        { op: 'deleteTriple', row: existing },
        { op: 'insertTriple', row: { ...existing, derived: 0, confidence: 1, source_id: source, source_line: null } },
      ];
    });
  }

  /**
   * Accepts a model's prediction as a new triple with provenance "model" (a `sources` row naming the model, its
   * score and probability), confidence = probability; an earlier rejection of the triple is forgotten. Undoable
   * (the source row stays, so Redo restores the same provenance).
   */
  async acceptPrediction(input: {
    subject: string; predicate: string; object: string; confidence: number; model: string; detail: Record<string, unknown>; props?: Record<string, unknown>;
  }): Promise<EditResult & { sourceId: number }> {
    let sourceId = 0;
    const result = await this.commit('accept-prediction', `accept ${input.subject} ${input.predicate} ${input.object} (model ${input.model})`, () => {
      const db = this.store.db;
      const s = entityRow(this.store, input.subject).id, o = entityRow(this.store, input.object).id;
      const p = predicateIdByKey(db, input.predicate);
      if (p === undefined) throw new Error(`no predicate with key "${input.predicate}"`);
      if (tripleBySpo(db, s, p, o) !== undefined) throw new Error('the KG already has this triple');
      sourceId = insertModelSource(db, input.model, input.detail);
      const row: TripleRow = {
        id: nextId(db, 'triples'), s, p, o, confidence: input.confidence, split: null, derived: 0,
        source_id: sourceId, source_line: null, props: input.props ? JSON.stringify(input.props) : null,
      };
      const rejection = negativeBySpo(db, s, p, o);
      return [{ op: 'insertTriple', row }, ...(rejection ? [{ op: 'deleteNegative', row: rejection } as const] : [])];
    });
    return { ...result, sourceId };
  }

  /**
   * Adds a model's predicted facts in one undoable edit, each with provenance `source` (one `sources` row of kind
   * 'model') and its own confidence. Facts already in the KG are skipped. `createObject`: an object entity that does
   * not exist yet is created (a class named by a type). `setType`: the subject's type column is filled when empty.
   */
  addModelFacts(
    summary: string,
    source: { name: string; detail: Record<string, unknown> },
    facts: ReadonlyArray<{
      subject: string; predicate: string; object: { key: string } | LiteralInput; confidence: number;
      props?: Record<string, unknown>; createObject?: boolean; setType?: string;
    }>,
  ): Promise<EditResult & { sourceId: number; added: number }> {
    let sourceId = 0;
    let added = 0;
    return this.commit('accept-model-facts', summary, () => {
      const db = this.store.db;
      const ops: ChangeOp[] = [];
      let tripleId = nextId(db, 'triples');
      let entityId = nextId(db, 'entities');
      const created = new Map<string, number>();
      const planned = new Set<string>();
      const typed = new Set<number>();
      for (const f of facts) {
        const subject = entityRow(this.store, f.subject);
        const p = internPredicate(db, f.predicate, f.predicate);
        let o: number;
        if ('key' in f.object) {
          const key = f.object.key;
          const found = entityIdByKey(db, key) ?? created.get(key);
          if (found !== undefined) o = found;
          else if (!f.createObject) throw new Error(`no entity with key "${key}"`);
          else {
            o = entityId++;
            created.set(key, o);
            ops.push({ op: 'insertEntity', row: { id: o, key, label: key, type: null, props: null } });
          }
        } else o = -internLiteral(db, f.object);
        if (f.setType && !subject.type && !typed.has(subject.id)) {
          typed.add(subject.id);
          const before = { key: subject.key, label: subject.label, type: subject.type, props: subject.props };
          ops.push({ op: 'updateEntity', id: subject.id, before, after: { ...before, type: f.setType } });
        }
        const k = `${subject.id} ${p} ${o}`;
        if (planned.has(k) || tripleBySpo(db, subject.id, p, o) !== undefined) continue;
        planned.add(k);
        sourceId ||= insertModelSource(db, source.name, source.detail);
        const row: TripleRow = {
          id: tripleId++, s: subject.id, p, o, confidence: f.confidence, split: null, derived: 0,
          source_id: sourceId, source_line: null, props: f.props ? JSON.stringify(f.props) : null,
        };
        ops.push({ op: 'insertTriple', row });
        added++;
      }
      return ops;
    }).then((result) => ({ ...result, sourceId, added }));
  }

  /**
   * Deletes and inserts asserted triples named by keys, as one undoable edit (SPARQL UPDATE writes through here).
   * Entities an insert names that do not exist yet are created; a delete that names no stored asserted triple is
   * counted in `missing`. Nothing to change: no change-log entry, changeId null.
   */
  async applyTripleChanges(
    kind: string,
    summary: string,
    changes: { deletes: ReadonlyArray<KeyedFact>; inserts: ReadonlyArray<KeyedFact>; regraphs?: ReadonlyArray<KeyedFact & { graph: string | null }> },
  ): Promise<Omit<EditResult, 'changeId'> & { changeId: number | null; deleted: number; inserted: number; regraphed: number; missing: number }> {
    let deleted = 0, inserted = 0, regraphed = 0, missing = 0;
    const db = this.store.db;
    const plan = (): ChangeOp[] => {
      const ops: ChangeOp[] = [];
      const gone = new Set<number>();
      for (const f of changes.deletes) {
        const row = assertedTriple(db, f);
        if (!row || gone.has(row.id)) { missing++; continue; }
        gone.add(row.id);
        ops.push({ op: 'deleteTriple', row });
        deleted++;
      }
      // Moves between graphs: the same row (id, provenance) with its graph property changed.
      const moved = new Set<number>();
      for (const f of changes.regraphs ?? []) {
        const row = assertedTriple(db, f);
        if (!row || gone.has(row.id) || moved.has(row.id)) { missing++; continue; }
        const props = propsWithGraph(row.props, f.graph);
        if (props === row.props) continue;
        moved.add(row.id);
        ops.push({ op: 'deleteTriple', row }, { op: 'insertTriple', row: { ...row, props } });
        regraphed++;
      }
      let nextEntity = nextId(db, 'entities');
      let nextTriple = nextId(db, 'triples');
      const created = new Map<string, number>();
      const planned = new Set<string>();
      const ensureEntity = (key: string): number => {
        const found = entityIdByKey(db, key) ?? created.get(key);
        if (found !== undefined) return found;
        const id = nextEntity++;
        created.set(key, id);
        ops.push({ op: 'insertEntity', row: { id, key, label: null, type: null, props: null } });
        return id;
      };
      const source = changes.inserts.length ? userSourceId(db) : null;
      for (const f of changes.inserts) {
        const s = ensureEntity(f.subject);
        const p = internPredicate(db, f.predicate, displayName(f.predicate));
        const o = 'key' in f.object ? ensureEntity(f.object.key) : -internLiteral(db, f.object);
        const k = `${s} ${p} ${o}`;
        const existing = tripleBySpo(db, s, p, o)?.id;
        if (planned.has(k) || (existing !== undefined && !gone.has(existing))) continue;
        planned.add(k);
        ops.push({
          op: 'insertTriple',
          row: { id: nextTriple++, s, p, o, confidence: 1, split: null, derived: 0, source_id: source, source_line: null, props: f.graph ? JSON.stringify({ graph: f.graph }) : null },
        });
        inserted++;
      }
      return ops;
    };
    if (changes.deletes.length === 0 && changes.inserts.length === 0 && !changes.regraphs?.length) return { changeId: null, kind, summary, ops: 0, deleted, inserted, regraphed, missing };
    try {
      const result = await this.commit(kind, summary, plan);
      return { ...result, deleted, inserted, regraphed, missing };
    } catch (err) {
      if ((err as Error).message === `${summary}: nothing to change`) return { changeId: null, kind, summary, ops: 0, deleted: 0, inserted: 0, regraphed: 0, missing };
      throw err;
    }
  }

  /**
   * Puts a learned rule into a named rule set (usable wherever a rule pack is). A rule rejected before is
   * un-rejected in the same change, so undo restores both.
   */
  acceptRule(input: { ruleSet: string; rule: string; head: string; stats?: Record<string, unknown> | null }): Promise<EditResult> {
    return this.commit('accept-rule', `accept rule into ${input.ruleSet}: ${input.rule}`, () => {
      const db = this.store.db;
      const ops: ChangeOp[] = [];
      const rejected = rejectedRule(db, input.rule);
      if (rejected) ops.push({ op: 'deleteRule', row: rejected });
      if (ruleSetHolds(db, input.ruleSet, input.rule)) throw new Error(`rule set ${input.ruleSet} already holds ${input.rule}`);
      ops.push({ op: 'insertRule', row: { id: nextId(db, 'rule_set_rules'), rule_set: input.ruleSet, rule: input.rule, head: input.head, stats: input.stats ? JSON.stringify(input.stats) : null, at: new Date().toISOString() } });
      return ops;
    });
  }

  /** Remembers a rejected rule (learning never proposes it again) and takes it out of every rule set. */
  rejectRule(input: { rule: string; head: string; stats?: Record<string, unknown> | null }): Promise<EditResult> {
    return this.commit('reject-rule', `reject rule ${input.rule}`, () => {
      const db = this.store.db;
      if (rejectedRule(db, input.rule)) throw new Error(`${input.rule} is already rejected`);
      const ops: ChangeOp[] = ruleSetRows(db, input.rule).map((row) => ({ op: 'deleteRule', row }));
      ops.push({ op: 'insertRule', row: { id: nextId(db, 'rejected_rules'), rule_set: null, rule: input.rule, head: input.head, stats: input.stats ? JSON.stringify(input.stats) : null, at: new Date().toISOString() } });
      return ops;
    });
  }

  /**
   * Takes a rule out of one rule set without rejecting it: learning may propose it again. `rule` is the row's id or
   * the clause's text.
   */
  removeRule(input: { ruleSet: string; rule: number | string }): Promise<EditResult> {
    const named = ruleSetRowOf(this.store.db, input.ruleSet, input.rule)?.rule ?? String(input.rule);
    return this.commit('remove-rule', `remove rule from ${input.ruleSet}: ${named}`, () => {
      const row = ruleSetRowOf(this.store.db, input.ruleSet, input.rule);
      if (!row) throw new Error(`rule set ${input.ruleSet} holds no rule ${typeof input.rule === 'number' ? `with id ${input.rule}` : input.rule}`);
      return [{ op: 'deleteRule', row }];
    });
  }

  deleteTriple(id: number): Promise<EditResult> {
    return this.commit('delete-triple', `delete triple ${id}`, () => {
      const row = tripleById(this.store.db, id);
      if (!row) throw new Error(`no triple with id ${id}`);
      return [{ op: 'deleteTriple', row }];
    });
  }

  /** Moves every relation of `duplicate` to `survivor`, keeps its names as aliases, then deletes it. */
  mergeEntities(survivorKey: string, duplicateKey: string): Promise<EditResult> {
    return this.commit('merge-entities', `merge ${duplicateKey} into ${survivorKey}`, () => {
      if (survivorKey === duplicateKey) throw new Error('cannot merge an entity with itself');
      const db = this.store.db;
      const survivor = entityRow(this.store, survivorKey);
      const dup = entityRow(this.store, duplicateKey);
      const ops: ChangeOp[] = [];
      const planned = new Set<string>();
      let id = nextId(db, 'triples');
      for (const t of triplesTouching(db, dup.id)) {
        ops.push({ op: 'deleteTriple', row: t });
        const s = t.s === dup.id ? survivor.id : t.s;
        const o = t.o === dup.id ? survivor.id : t.o;
        const k = `${s} ${t.p} ${o}`;
        if (tripleBySpo(db, s, t.p, o) !== undefined || planned.has(k)) continue; // the survivor already says this
        planned.add(k);
        ops.push({ op: 'insertTriple', row: { ...t, id: id++, s, o } });
      }
      const existingAliases = new Set(aliasesOf(db, survivor.id));
      const dupAliases = aliasesOf(db, dup.id);
      for (const alias of dupAliases) ops.push({ op: 'deleteAlias', entityId: dup.id, alias });
      for (const name of [dup.label, dup.key, ...dupAliases]) {
        if (name && name !== survivor.label && !existingAliases.has(name)) {
          existingAliases.add(name);
          ops.push({ op: 'insertAlias', entityId: survivor.id, alias: name });
        }
      }
      ops.push({ op: 'deleteEntity', row: dup });
      if (dup.props) {
        const merged = { ...JSON.parse(dup.props), ...(survivor.props ? JSON.parse(survivor.props) : {}) };
        const before = { key: survivor.key, label: survivor.label, type: survivor.type, props: survivor.props };
        ops.push({ op: 'updateEntity', id: survivor.id, before, after: { ...before, props: JSON.stringify(merged), type: survivor.type ?? dup.type } });
      } else if (!survivor.type && dup.type) {
        const before = { key: survivor.key, label: survivor.label, type: survivor.type, props: survivor.props };
        ops.push({ op: 'updateEntity', id: survivor.id, before, after: { ...before, type: dup.type } });
      }
      return ops;
    });
  }

  /** Reverts the latest change not yet undone; null when there is nothing to undo. */
  undo(): Promise<EditResult | null> {
    return this.step('undo');
  }

  redo(): Promise<EditResult | null> {
    return this.step('redo');
  }

  private step(direction: 'undo' | 'redo'): Promise<EditResult | null> {
    return this.store.write(() => {
      const db = this.store.db;
      const change = nextChange(db, direction);
      if (!change) return null;
      const ops = direction === 'undo' ? change.backward : change.forward;
      try {
        for (const op of ops) applyOp(db, op);
      } catch (err) {
        throw new Error(`cannot ${direction} "${change.summary}": the KG changed since in a way that conflicts (${(err as Error).message})`);
      }
      markUndone(db, change.id, direction === 'undo');
      return { changeId: change.id, kind: change.kind, summary: `${direction} ${change.summary}`, ops: ops.length };
    });
  }

  history(limit = 50): Array<{ id: number; at: string; kind: string; summary: string; undone: boolean }> {
    return changeHistory(this.store.db, limit);
  }
}
