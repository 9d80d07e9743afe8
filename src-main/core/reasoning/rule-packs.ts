/** Rule packs shipped in resources/rules/ (kinship, ownership, ...) and rule files named on the command line. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { appPath } from '../app-paths.js';

export const RULE_PACKS_DIR = appPath('resources', 'rules');

export interface RuleText {
  /** Pack name or file name: names the rule set (provenance of materialised triples) and locates errors. */
  name: string;
  text: string;
}

export function listRulePacks(): string[] {
  if (!existsSync(RULE_PACKS_DIR)) return [];
  return readdirSync(RULE_PACKS_DIR).filter((f) => f.endsWith('.pl')).map((f) => basename(f, '.pl')).sort();
}

/** A shipped pack by name ("kinship"); throws listing the packs when there is none. */
export function loadRulePack(name: string): RuleText {
  const file = join(RULE_PACKS_DIR, `${name}.pl`);
  if (!/^[a-z][a-z0-9_-]*$/.test(name) || !existsSync(file)) {
    throw new Error(`no rule pack '${name}' (packs: ${listRulePacks().join(', ') || 'none'})`);
  }
  return { name: `pack:${name}`, text: readFileSync(file, 'utf8') };
}

export function loadRuleFile(path: string): RuleText {
  if (!existsSync(path)) throw new Error(`${path}: no such rule file`);
  return { name: basename(path), text: readFileSync(path, 'utf8') };
}

/** `--rules` values: a file path, or the name of a shipped pack when no such file exists and it has no extension. */
export function loadRules(specs: string[]): RuleText[] {
  return specs.map((s) => (existsSync(s) || extname(s) !== '' || s.includes('/') ? loadRuleFile(s) : loadRulePack(s)));
}
