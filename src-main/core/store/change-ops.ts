/**
 * The edit log's vocabulary: the smallest invertible changes of the KG's tables, each carrying the full rows it
 * touches, and the SQL that applies one. KgEditor plans edits as lists of these; the change log stores them.
 */
import type { DatabaseHandle } from './kg-store.js';
import { displayName } from './names.js';
import { prepared } from './statement-cache.js';

/** Full rows, so that every operation can be inverted exactly (ids included: undo restores the same ids). */
export interface EntityRow {
  id: number;
  key: string;
  label: string | null;
  type: string | null;
  props: string | null;
}

export interface TripleRow {
  id: number;
  s: number;
  p: number;
  o: number;
  confidence: number;
  split: string | null;
  derived: number;
  source_id: number | null;
  source_line: number | null;
  props: string | null;
}

export type EntityFields = Pick<EntityRow, 'key' | 'label' | 'type' | 'props'>;

/** A rejected model prediction (`model_negatives`): accepting it later forgets the rejection, undo brings it back. */
export interface NegativeRow {
  id: number;
  s: number;
  p: number;
  o: number;
  model: string;
  score: number | null;
  created_at: string;
}

/** A rule accepted into a named rule set (`rule_set_rules`) or rejected (`rejected_rules`, rule_set null). */
export interface RuleRow {
  id: number;
  rule_set: string | null;
  rule: string;
  head: string;
  stats: string | null;
  at: string;
}

/** The smallest invertible changes every edit is made of. */
export type ChangeOp =
  | { op: 'insertEntity'; row: EntityRow }
  | { op: 'deleteEntity'; row: EntityRow }
  | { op: 'updateEntity'; id: number; before: EntityFields; after: EntityFields }
  | { op: 'insertTriple'; row: TripleRow }
  | { op: 'deleteTriple'; row: TripleRow }
  | { op: 'insertAlias'; entityId: number; alias: string }
  | { op: 'deleteAlias'; entityId: number; alias: string }
  | { op: 'insertNegative'; row: NegativeRow }
  | { op: 'deleteNegative'; row: NegativeRow }
  | { op: 'insertRule'; row: RuleRow }
  | { op: 'deleteRule'; row: RuleRow };

export function invertOp(op: ChangeOp): ChangeOp {
  switch (op.op) {
    case 'insertEntity':
      return { op: 'deleteEntity', row: op.row };
    case 'deleteEntity':
      return { op: 'insertEntity', row: op.row };
    case 'updateEntity':
      return { op: 'updateEntity', id: op.id, before: op.after, after: op.before };
    case 'insertTriple':
      return { op: 'deleteTriple', row: op.row };
    case 'deleteTriple':
      return { op: 'insertTriple', row: op.row };
    case 'insertAlias':
      return { op: 'deleteAlias', entityId: op.entityId, alias: op.alias };
    case 'deleteAlias':
      return { op: 'insertAlias', entityId: op.entityId, alias: op.alias };
    case 'insertNegative':
      return { op: 'deleteNegative', row: op.row };
    case 'deleteNegative':
      return { op: 'insertNegative', row: op.row };
    case 'insertRule':
      return { op: 'deleteRule', row: op.row };
    case 'deleteRule':
      return { op: 'insertRule', row: op.row };
  }
}

function refreshFts(db: DatabaseHandle, id: number): void {
  prepared(db, 'DELETE FROM entity_fts WHERE rowid = ?').run(id);
  const row = prepared(db, "SELECT key, label, (SELECT group_concat(alias, ' ') FROM aliases WHERE entity_id = entities.id) AS aliases FROM entities WHERE id = ?")
    .get(id) as { key: string; label: string | null; aliases: string | null } | undefined;
  if (row) prepared(db, 'INSERT INTO entity_fts(rowid, label, aliases, key) VALUES (?, ?, ?, ?)').run(id, row.label ?? displayName(row.key), row.aliases ?? '', row.key);
}

/** Applies one operation; the caller holds the write transaction. */
export function applyOp(db: DatabaseHandle, op: ChangeOp): void {
  switch (op.op) {
    case 'insertEntity': {
      const r = op.row;
      prepared(db, 'INSERT INTO entities(id, key, label, type, props) VALUES (?, ?, ?, ?, ?)').run(r.id, r.key, r.label, r.type, r.props);
      refreshFts(db, r.id);
      return;
    }
    case 'deleteEntity':
      prepared(db, 'DELETE FROM entities WHERE id = ?').run(op.row.id);
      prepared(db, 'DELETE FROM entity_fts WHERE rowid = ?').run(op.row.id);
      return;
    case 'updateEntity': {
      const a = op.after;
      prepared(db, 'UPDATE entities SET key = ?, label = ?, type = ?, props = ? WHERE id = ?').run(a.key, a.label, a.type, a.props, op.id);
      refreshFts(db, op.id);
      return;
    }
    case 'insertTriple': {
      const r = op.row;
      prepared(db, 'INSERT INTO triples(id, s, p, o, confidence, split, derived, source_id, source_line, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        r.id, r.s, r.p, r.o, r.confidence, r.split, r.derived, r.source_id, r.source_line, r.props,
      );
      return;
    }
    case 'deleteTriple':
      prepared(db, 'DELETE FROM triples WHERE id = ?').run(op.row.id);
      return;
    case 'insertAlias':
      prepared(db, 'INSERT INTO aliases(entity_id, alias) VALUES (?, ?)').run(op.entityId, op.alias);
      refreshFts(db, op.entityId);
      return;
    case 'deleteAlias':
      prepared(db, 'DELETE FROM aliases WHERE entity_id = ? AND alias = ?').run(op.entityId, op.alias);
      refreshFts(db, op.entityId);
      return;
    case 'insertNegative': {
      const r = op.row;
      prepared(db, 'INSERT INTO model_negatives(id, s, p, o, model, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(r.id, r.s, r.p, r.o, r.model, r.score, r.created_at);
      return;
    }
    case 'deleteNegative':
      prepared(db, 'DELETE FROM model_negatives WHERE id = ?').run(op.row.id);
      return;
    case 'insertRule': {
      const r = op.row;
      if (r.rule_set === null) prepared(db, 'INSERT INTO rejected_rules(id, rule, head, stats, rejected_at) VALUES (?, ?, ?, ?, ?)').run(r.id, r.rule, r.head, r.stats, r.at);
      else prepared(db, 'INSERT INTO rule_set_rules(id, rule_set, rule, head, stats, accepted_at) VALUES (?, ?, ?, ?, ?, ?)').run(r.id, r.rule_set, r.rule, r.head, r.stats, r.at);
      return;
    }
    case 'deleteRule':
      prepared(db, op.row.rule_set === null ? 'DELETE FROM rejected_rules WHERE id = ?' : 'DELETE FROM rule_set_rules WHERE id = ?').run(op.row.id);
      return;
  }
}
