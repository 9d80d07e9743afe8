/**
 * Learned rules as a `.pl` file in Relata's Datalog syntax: one clause per line, its numbers in a trailing
 * comment (`% conf=… pca_conf=… support=… body=… head_coverage=…`), so the Datalog engine, SWI-Prolog and a
 * person all read the same file. Reading maps a clause back to a path rule over a vocabulary; clauses of
 * another shape are reported, not guessed at.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Atom, Term } from '../reasoning/datalog/ast.js';
import { parseDatalog } from '../reasoning/datalog/parser.js';
import { END_FREE, END_VARIABLE, parseStatsComment, ruleToDatalog, statsComment, type ConstSide, type LearnedRule, type RuleStats } from './rule.js';

export function rulesToText(rules: readonly LearnedRule[], relations: readonly string[], entities: readonly string[], header: string[] = []): string {
  const lines = header.map((h) => `% ${h}`);
  for (const r of rules) lines.push(ruleLine(r, relations, entities));
  return `${lines.join('\n')}\n`;
}

const ruleLine = (r: LearnedRule, relations: readonly string[], entities: readonly string[]): string => `${ruleToDatalog(r, relations, entities)}  ${statsComment(r.stats)}`;

/**
 * Writes rules a block of lines at a time (a million rules make a text too long for one string), through a temporary
 * file and a rename, so a reader never sees half a file.
 */
export function writeRulesFile(path: string, rules: readonly LearnedRule[], relations: readonly string[], entities: readonly string[], header: string[] = []): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    if (header.length) writeSync(fd, `${header.map((h) => `% ${h}`).join('\n')}\n`);
    for (let i = 0; i < rules.length; i += 10_000) {
      writeSync(fd, `${rules.slice(i, i + 10_000).map((r) => ruleLine(r, relations, entities)).join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export interface ParsedRuleFile {
  rules: LearnedRule[];
  /** Clauses that are not path rules over the vocabulary, with their line and why. */
  skipped: Array<{ line: number; reason: string }>;
}

const COMMENT_AT = /\s%\s*conf=/;

function constName(t: Term): string | null {
  if (t.kind !== 'const') return null;
  return t.value.kind === 'num' ? String(t.value.value) : t.value.text;
}

/**
 * Parses rule lines against a vocabulary. `lookupEntity` returns -1 for an unknown constant;
 * `lookupRelation` likewise.
 */
export function parseRuleText(
  text: string,
  source: string,
  lookupRelation: (name: string) => number,
  lookupEntity: (name: string) => number,
  numRelations: number,
): ParsedRuleFile {
  const rules: LearnedRule[] = [];
  const skipped: ParsedRuleFile['skipped'] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('%')) continue;
    const m = COMMENT_AT.exec(raw);
    const clause = m ? raw.slice(0, m.index) : raw;
    const comment = m ? raw.slice(m.index) : '';
    const program = parseDatalog(clause, `${source}:${i + 1}`);
    for (const rule of program.rules) {
      const converted = toPathRule(rule.head as Atom, rule.body.map((b) => (b.kind === 'atom' && !b.negated ? b.atom : null)), lookupRelation, lookupEntity, numRelations);
      if (typeof converted === 'string') {
        skipped.push({ line: i + 1, reason: converted });
        continue;
      }
      const s = parseStatsComment(comment);
      const stats: RuleStats = {
        support: s.support ?? 0,
        bodySize: s.bodySize ?? 0,
        pcaBodySize: s.support !== undefined && s.pcaConfidence ? s.support / s.pcaConfidence : 0,
        confidence: s.confidence ?? 1,
        pcaConfidence: s.pcaConfidence ?? s.confidence ?? 1,
        headCoverage: s.headCoverage ?? 0,
        sampled: s.sampled ?? false,
        examples: [],
      };
      // A rule written by hand carries no counts: treat it as certain, with the support of one grounding.
      if (s.support === undefined) {
        stats.support = 1;
        stats.bodySize = 1;
      }
      rules.push({ ...converted, stats });
    }
  }
  return { rules, skipped };
}

function toPathRule(
  head: Atom,
  body: Array<Atom | null>,
  lookupRelation: (name: string) => number,
  lookupEntity: (name: string) => number,
  R: number,
): Omit<LearnedRule, 'stats'> | string {
  if (head.args.length !== 2) return 'the head is not binary';
  if (body.some((b) => b === null || b.args.length !== 2)) return 'the body is not a chain of binary atoms';
  const headRel = lookupRelation(head.predicate);
  if (headRel < 0) return `unknown relation ${head.predicate}`;
  const [a0, a1] = head.args as Term[];
  let constSide: ConstSide = 'none';
  let headConstant = -1;
  let start: string, other: string | null;
  if (a0.kind === 'var' && a1.kind === 'var') {
    start = a0.name;
    other = a1.name;
  } else if (a0.kind === 'var') {
    constSide = 'tail';
    headConstant = lookupEntity(constName(a1)!);
    start = a0.name;
    other = null;
  } else if (a1.kind === 'var') {
    constSide = 'head';
    headConstant = lookupEntity(constName(a0)!);
    start = a1.name;
    other = null;
  } else return 'the head has no variable';
  if (constSide !== 'none' && headConstant < 0) return 'unknown constant in the head';
  const remaining = body.slice() as Atom[];
  const path: number[] = [];
  let current = start;
  let end = END_VARIABLE;
  while (remaining.length > 0) {
    const k = remaining.findIndex((at) => at.args.some((t) => t.kind === 'var' && t.name === current));
    if (k < 0) return 'the body is not a path from the head variable';
    const atom = remaining.splice(k, 1)[0];
    const rel = lookupRelation(atom.predicate);
    if (rel < 0) return `unknown relation ${atom.predicate}`;
    const [x, y] = atom.args;
    const forward = x.kind === 'var' && x.name === current;
    path.push(forward ? rel : rel + R);
    const next = forward ? y : x;
    if (next.kind === 'const') {
      if (remaining.length > 0) return 'a constant inside the body path';
      const e = lookupEntity(constName(next)!);
      if (e < 0) return 'unknown constant in the body';
      end = e;
      break;
    }
    if (other !== null && next.name === other) {
      if (remaining.length > 0) return 'the body continues past the head variable';
      end = END_VARIABLE;
      break;
    }
    current = next.name;
    if (remaining.length === 0) {
      if (other !== null) return 'the body does not reach the head variable';
      end = END_FREE;
    }
  }
  if (path.length === 0) return 'empty body';
  if (constSide === 'none' && end !== END_VARIABLE) return 'the body does not reach the head variable';
  return { head: headRel, constSide, headConstant, path, end };
}
