/** Rule sets stored in the KG (accepted learned rules) and rejected rules: the queries that read them. */
import type { DatabaseHandle } from './kg-store.js';

export interface StoredRule {
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
    ? db.prepare('SELECT rule_set, rule, head, stats, accepted_at FROM rule_set_rules ORDER BY rule_set, id').all()
    : db.prepare('SELECT rule_set, rule, head, stats, accepted_at FROM rule_set_rules WHERE rule_set = ? ORDER BY id').all(name)) as Array<{
    rule_set: string; rule: string; head: string; stats: string | null; accepted_at: string;
  }>;
  return rows.map((r) => ({ ruleSet: r.rule_set, rule: r.rule, head: r.head, stats: r.stats ? (JSON.parse(r.stats) as Record<string, unknown>) : null, acceptedAt: r.accepted_at }));
}

/** A rule set as Datalog text (one clause a line, its confidence in a comment), or null when the KG has none by that name. */
export function ruleSetText(db: DatabaseHandle, name: string): string | null {
  const rules = ruleSetRules(db, name);
  if (rules.length === 0) return null;
  return `${rules.map((r) => `${r.rule}${typeof r.stats?.confidence === 'number' ? `  % conf=${(r.stats.confidence as number).toFixed(4)}` : ''}`).join('\n')}\n`;
}

export function rejectedRuleTexts(db: DatabaseHandle): Set<string> {
  return new Set(db.prepare('SELECT rule FROM rejected_rules').pluck().all() as string[]);
}
