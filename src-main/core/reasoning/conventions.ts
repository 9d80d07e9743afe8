/**
 * Named reading conventions: rule files loaded on top of a pack when a user asks for them, never by default.
 * `family-tree` (resources/rules/conventions/kinship-family-tree.pl) reads kinship facts as a family tree is usually
 * read: spouses are parents of each other's stated children unless a step-relation says otherwise, and
 * siblings share both parents. A proof step made by a convention's rule is marked with the convention's
 * name, and results list the conventions their proofs used, so an answer never hides an assumption.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProofNode } from '../../contract/reasoning-types.js';
import { parseDatalog } from './datalog/parser.js';
import { RULE_PACKS_DIR, type RuleText } from './rule-packs.js';

export interface ConventionInfo {
  name: string;
  /** The pack the convention reads (it is loaded on top of it). */
  pack: string;
  file: string;
  description: string;
}

export const CONVENTIONS: Record<string, ConventionInfo> = {
  'family-tree': {
    name: 'family-tree',
    pack: 'kinship',
    file: 'conventions/kinship-family-tree.pl',
    description: "the conventional reading of a family tree: spouses are parents of each other's stated children unless a step-relation says otherwise; siblings share both parents",
  },
};

/** RuleText names of conventions start with this; the rest is the convention's name. */
export const CONVENTION_PREFIX = 'convention:';

export function listConventions(): string[] {
  return Object.keys(CONVENTIONS).sort();
}

/** A convention's rules by name ("family-tree"); throws listing the conventions when there is none. */
export function loadConvention(name: string): RuleText {
  const c = Object.hasOwn(CONVENTIONS, name) ? CONVENTIONS[name] : undefined;
  if (!c) throw new Error(`no convention '${name}' (conventions: ${listConventions().join(', ')})`);
  const file = join(RULE_PACKS_DIR, c.file);
  if (!existsSync(file)) throw new Error(`${file}: the rules of convention '${name}' are missing`);
  return { name: `${CONVENTION_PREFIX}${name}`, text: readFileSync(file, 'utf8') };
}

/** Rules plus the named conventions' rules (none when `conventions` is empty or absent). */
export function withConventions(rules: RuleText[], conventions: Array<string | undefined> | string | undefined): RuleText[] {
  const names = (Array.isArray(conventions) ? conventions : [conventions]).filter((c): c is string => typeof c === 'string' && c !== '');
  return [...rules, ...[...new Set(names)].map(loadConvention)];
}

export interface ProofWithConvention extends ProofNode {
  /** The convention whose rule made this step (absent for the pack's own definitions). */
  convention?: string;
  premises?: ProofWithConvention[];
}

/** Rule text → convention name, for the conventions among `rules`. */
export function conventionRuleIndex(rules: RuleText[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const r of rules) {
    if (!r.name.startsWith(CONVENTION_PREFIX)) continue;
    const name = r.name.slice(CONVENTION_PREFIX.length);
    for (const rule of parseDatalog(r.text, r.name).rules) index.set(rule.text, name);
  }
  return index;
}

/**
 * Marks, in place, every proof step whose rule belongs to a convention (`convention: NAME`) and returns the
 * conventions the proof used, sorted.
 */
export function markConventions(proof: ProofWithConvention, index: Map<string, string>, used = new Set<string>()): string[] {
  if (index.size) {
    const walk = (n: ProofWithConvention): void => {
      const c = n.rule !== undefined ? index.get(n.rule) : undefined;
      if (c) {
        n.convention = c;
        used.add(c);
      }
      n.premises?.forEach(walk);
    };
    walk(proof);
  }
  return [...used].sort();
}
