/** Rule sets stored in the KG (accepted learned rules) and rejected rules: the queries that read them. */
import type { RuleRow } from './change-ops.js';
import type { DatabaseHandle } from './kg-store.js';

export interface StoredRule {
  /** The row's id: `relata rules remove --rule ID` names a rule by it. */
  id: number;
  ruleSet: string;
  rule: string;
  head: string;
  stats: Record<string, unknown> | null;
  acceptedAt: string;
}

export function ruleSetNames(db: DatabaseHandle): string[] {
  return (db.prepare('SELECT DISTINCT rule_set FROM rule_set_rules ORDER BY rule_set').pluck().all() as string[]);
}

export function ruleSetRules(db: DatabaseHandle, name?: string): StoredRule[] {
  const rows = (name === undefined
    ? db.prepare('SELECT id, rule_set, rule, head, stats, accepted_at FROM rule_set_rules ORDER BY rule_set, id').all()
    : db.prepare('SELECT id, rule_set, rule, head, stats, accepted_at FROM rule_set_rules WHERE rule_set = ? ORDER BY id').all(name)) as Array<{
    id: number; rule_set: string; rule: string; head: string; stats: string | null; accepted_at: string;
  }>;
  return rows.map((r) => ({ id: r.id, ruleSet: r.rule_set, rule: r.rule, head: r.head, stats: r.stats ? (JSON.parse(r.stats) as Record<string, unknown>) : null, acceptedAt: r.accepted_at }));
}

/** A rule set as Datalog text (one clause a line, its confidence in a comment), or null when the KG has none by that name. */
export function ruleSetText(db: DatabaseHandle, name: string): string | null {
  const rules = ruleSetRules(db, name);
  if (rules.length === 0) return null;
  return `${rules.map((r) => `${r.rule}${typeof r.stats?.confidence === 'number' ? `  % conf=${(r.stats.confidence as number).toFixed(4)}` : ''}`).join('\n')}\n`;
}

/**
 * A rule set's row for one rule, named by its id or by its clause text (spaces between tokens ignored, so a rule
 * typed on a command line matches the stored spelling); undefined when the set holds no such rule.
 */
export function ruleSetRowOf(db: DatabaseHandle, ruleSet: string, rule: number | string): RuleRow | undefined {
  const columns = 'SELECT id, rule_set, rule, head, stats, accepted_at AS at FROM rule_set_rules WHERE rule_set = ?';
  if (typeof rule === 'number') return db.prepare(`${columns} AND id = ?`).get(ruleSet, rule) as RuleRow | undefined;
  const exact = db.prepare(`${columns} AND rule = ?`).get(ruleSet, rule) as RuleRow | undefined;
  if (exact) return exact;
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const wanted = squeeze(rule);
  return (db.prepare(columns).all(ruleSet) as RuleRow[]).find((r) => squeeze(r.rule) === wanted);
}

export function rejectedRuleTexts(db: DatabaseHandle): Set<string> {
  return new Set(db.prepare('SELECT rule FROM rejected_rules').pluck().all() as string[]);
}
