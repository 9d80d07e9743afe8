/**
 * Small independent kinship stories (CLUTRR-style JSON Lines: `{"facts": [[X, rel, Y], ...], "query": [X, Y],
 * "target": rel, "genders": {X: "female", ...}}`, `[X, rel, Y]` = "Y is X's rel"), answered by forward
 * chaining with a rule pack (default kinship) and optional conventions: what the query's Y is to its X.
 */
import { readFileSync } from 'node:fs';
import { mergePrograms, type Program } from './datalog/ast.js';
import { DatalogEngine } from './datalog/engine.js';
import { parseDatalog } from './datalog/parser.js';
import { withConventions } from './conventions.js';
import { loadRulePack } from './rule-packs.js';

export interface Story {
  facts: Array<[string, string, string]>;
  query: [string, string];
  target: string;
  genders?: Record<string, string>;
}

export function readStories(path: string): Story[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Story);
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const predicate = (rel: string): string => rel.trim().replace(/-/g, '_');

/** The story's facts (and gender facts) as Datalog. */
export function storyProgramText(story: Story): string {
  const lines = story.facts.map(([x, r, y]) => `${predicate(r)}(${quote(x)}, ${quote(y)}).`);
  for (const [who, g] of Object.entries(story.genders ?? {})) if (g === 'male' || g === 'female') lines.push(`gender(${quote(who)}, ${g}).`);
  return lines.join('\n');
}

const programs = new Map<string, Program>();

function rulesProgram(pack: string, conventions: string[]): Program {
  const key = `${pack}|${conventions.join(',')}`;
  let p = programs.get(key);
  if (!p) {
    p = mergePrograms(...withConventions([loadRulePack(pack)], conventions).map((r) => parseDatalog(r.text, r.name)));
    programs.set(key, p);
  }
  return p;
}

/**
 * Every binary relation the rules derive from the query's X to its Y (what Y is to X), in the stories'
 * spelling (`father_in_law` → `father-in-law`).
 */
export function storyRelations(story: Story, conventions: string[] = [], pack = 'kinship'): Set<string> {
  const program = mergePrograms(rulesProgram(pack, conventions), parseDatalog(storyProgramText(story), 'story'));
  const engine = new DatalogEngine(program, { proofs: false });
  engine.evaluate();
  const out = new Set<string>();
  const va = engine.values.lookup({ kind: 'sym', text: story.query[0] });
  const vb = engine.values.lookup({ kind: 'sym', text: story.query[1] });
  if (va < 0 || vb < 0) return out;
  for (const rel of engine.relations) {
    if (rel.arity === 2 && !rel.name.startsWith('?') && rel.find([va, vb]) >= 0) out.add(rel.name.replace(/_/g, '-'));
  }
  return out;
}
