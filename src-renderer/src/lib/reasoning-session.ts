import { writable } from 'svelte/store';
import type { CallResult } from '../../../src-main/contract/api';
import type { AskResult, CauseRanking, FeedbackEntry, SessionStep } from '../../../src-main/contract/types';

/** Result shapes of the reasoning calls, as the contract declares them. */
export type RelateResult = CallResult<'reason.relate'>;
export type QueryResult = CallResult<'reason.query'>;
export type ProofNode = RelateResult['relations'][number]['proof'];
export type RelatePath = RelateResult['paths'][number];

/** What the reasoning panel currently shows, for the graph view to highlight (entity keys, triple ids). */
export interface ReasoningHighlight {
  /** Where it comes from, e.g. "answer", "relate", "findings". */
  origin: string;
  keys: string[];
  tripleIds: number[];
}

/**
 * The entities and triples of the reasoning result on screen (an answer's cited facts, a proof and its paths,
 * the top candidates). The graph view may subscribe to mark them; null when nothing is shown.
 */
export const reasoningHighlight = writable<ReasoningHighlight | null>(null);

/** Step kinds recorded by `session.run` / `session.note`, with the short names the timeline shows. */
export const STEP_KIND_NAMES: Record<string, string> = {
  'qa.ask': 'question',
  'reason.relate': 'relate',
  'reason.query': 'query',
  'findings.explain': 'findings',
  'graph.paths': 'paths',
  'graph.neighbourhood': 'neighbourhood',
  'entity.search': 'search',
  'entity.get': 'entity',
  'kg.stats': 'stats',
  'model.train': 'training',
  'gnn.classify': 'GNN',
  'rules.learn': 'rules',
  'rules.predict': 'rule predictions',
  'sparql.query': 'SPARQL',
  note: 'note',
};

export const stepKindName = (kind: string): string => STEP_KIND_NAMES[kind] ?? kind;

export const asAnswer = (step: SessionStep): AskResult | null => (step.kind === 'qa.ask' && step.output ? (step.output as AskResult) : null);
export const asRelation = (step: SessionStep): RelateResult | null => (step.kind === 'reason.relate' && step.output ? (step.output as RelateResult) : null);
export const asRanking = (step: SessionStep): CauseRanking | null => (step.kind === 'findings.explain' && step.output ? (step.output as CauseRanking) : null);
export const asQuery = (step: SessionStep): QueryResult | null => (step.kind === 'reason.query' && step.output ? (step.output as QueryResult) : null);

/** Every stored triple id and entity key a proof rests on (its leaves that are KG triples). */
export function proofSupport(node: ProofNode, out: { keys: Set<string>; tripleIds: Set<number> } = { keys: new Set(), tripleIds: new Set() }) {
  if (node.triple) out.tripleIds.add(node.triple.id);
  for (const a of node.args) if (typeof a === 'string') out.keys.add(a);
  for (const p of node.premises ?? []) proofSupport(p, out);
  return out;
}

export function highlightAnswer(answer: AskResult): void {
  const cited = answer.facts.filter((f) => answer.citations.includes(f.id));
  const keys = new Set<string>();
  const tripleIds = new Set<number>();
  for (const f of cited) {
    keys.add(f.subject.key);
    if (f.object.key) keys.add(f.object.key);
    if (f.tripleId !== null) tripleIds.add(f.tripleId);
  }
  reasoningHighlight.set({ origin: 'answer', keys: [...keys], tripleIds: [...tripleIds] });
}

export function highlightRelation(result: RelateResult): void {
  const keys = new Set<string>([result.a, result.b]);
  const tripleIds = new Set<number>();
  for (const p of result.paths) for (const s of p.steps) (keys.add(s.s), keys.add(s.o), tripleIds.add(s.triple_id));
  for (const r of result.relations) {
    const support = proofSupport(r.proof);
    support.tripleIds.forEach((id) => tripleIds.add(id));
  }
  reasoningHighlight.set({ origin: 'relate', keys: [...keys], tripleIds: [...tripleIds] });
}

export function highlightRanking(ranking: CauseRanking, top = 3): void {
  const keys = new Set(ranking.findings.map((f) => f.key));
  const tripleIds = new Set<number>();
  for (const c of ranking.candidates.slice(0, top)) {
    keys.add(c.key);
    for (const m of c.matched) if (m.triple !== null) tripleIds.add(m.triple);
  }
  reasoningHighlight.set({ origin: 'findings', keys: [...keys], tripleIds: [...tripleIds] });
}

/** Offers text as a file download through a Blob link (works in the browser face and in Electron). */
export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe slug of a session's name. */
export const fileSlug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'session';

export const formatMs = (ms: number | null): string => (ms === null ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

export const formatTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
};

/** One line on what a re-run changed in a step's output (the first difference a reader cares about). */
export function changeSummary(kind: string, before: unknown, after: unknown): string {
  if (after === null || after === undefined) return 'no result now';
  if (kind === 'qa.ask') {
    const b = before as AskResult, a = after as AskResult;
    if (b.answer !== a.answer) return `answer was “${b.answer}”, now “${a.answer}”`;
    if (b.citations.join() !== a.citations.join()) return `cites ${a.citations.join(', ') || 'nothing'} (was ${b.citations.join(', ') || 'nothing'})`;
    return `retrieved facts changed (${b.facts.length} → ${a.facts.length})`;
  }
  if (kind === 'reason.relate') {
    const b = (before as RelateResult).relations.map((r) => r.relation), a = (after as RelateResult).relations.map((r) => r.relation);
    if (b.join() !== a.join()) return `relations ${b.join(', ') || 'none'} → ${a.join(', ') || 'none'}`;
    return `paths changed (${(before as RelateResult).paths.length} → ${(after as RelateResult).paths.length})`;
  }
  if (kind === 'findings.explain') {
    const b = (before as CauseRanking).candidates, a = (after as CauseRanking).candidates;
    const added = a.filter((c) => !b.some((x) => x.key === c.key)).map((c) => `${c.label} (#${c.rank})`);
    const dropped = b.filter((c) => !a.some((x) => x.key === c.key)).map((c) => c.label);
    if (b[0]?.key !== a[0]?.key) return `top candidate ${b[0]?.label ?? 'none'} → ${a[0]?.label ?? 'none'}`;
    if (added.length || dropped.length) return [added.length ? `new: ${added.join(', ')}` : '', dropped.length ? `gone: ${dropped.join(', ')}` : ''].filter(Boolean).join('; ');
    return a.map((c) => c.key).join() !== b.map((c) => c.key).join() ? `ranking now ${a.slice(0, 4).map((c) => c.label).join(', ')}` : 'scores changed';
  }
  if (kind === 'reason.query') return `${(before as QueryResult).count} → ${(after as QueryResult).count} answers`;
  if (kind === 'sparql.query') return `${(before as { count: number }).count} → ${(after as { count: number }).count} results`;
  return 'output differs';
}

/** Labels of entities the user picked, so recorded steps (which keep keys) read with names. */
export const pickedLabels: Record<string, string> = {};

/** A readable stand-in for an entity key whose label is not at hand: `albert_einstein` → `Albert Einstein`. */
export function labelOf(key: string): string {
  if (pickedLabels[key]) return pickedLabels[key];
  if (!/^[a-z0-9_]+$/.test(key)) return key;
  return key.split('_').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

/** LLM endpoint settings kept between runs (never the API key, which is typed per use). */
export interface LlmSettings {
  enabled: boolean;
  url: string;
  model: string;
  timeoutMs: number;
}

const LLM_SETTINGS_KEY = 'relata-llm-settings';

export function loadLlmSettings(): LlmSettings {
  const fallback: LlmSettings = { enabled: false, url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 60_000 };
  try {
    const saved = JSON.parse(localStorage.getItem(LLM_SETTINGS_KEY) ?? 'null') as Partial<LlmSettings> | null;
    return { ...fallback, ...(saved ?? {}) };
  } catch {
    return fallback;
  }
}

export function saveLlmSettings(s: LlmSettings): void {
  localStorage.setItem(LLM_SETTINGS_KEY, JSON.stringify({ enabled: s.enabled, url: s.url, model: s.model, timeoutMs: s.timeoutMs }));
}

/**
 * Text split into plain runs and cited fact ids (F4, D1, P2; bare or in brackets such as [F4] or [D1, F88]) and
 * embedding context ids (S1, in brackets only: "Galaxy S10" is a name).
 */
export function citationSegments(text: string): Array<{ text: string; ids: string[] }> {
  const out: Array<{ text: string; ids: string[] }> = [];
  let last = 0;
  for (const m of text.matchAll(/\[((?:[FDPS]\d+)(?:\s*,\s*[FDPS]\d+)*)\]|\b([FDP]\d+)\b/g)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), ids: [] });
    out.push({ text: '', ids: (m[1] ?? m[2]).split(/\s*,\s*/) });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), ids: [] });
  return out;
}

/** The open session's feedback, so ratings given earlier show again on their answers, relations and candidates. */
export const sessionFeedback = writable<FeedbackEntry[]>([]);

/** The session open in the Reason panel (null: none), so tools outside it (the Training panel) record their runs there. */
export const openSessionId = writable<number | null>(null);

/** Bumped by a tool outside the Reason panel after it recorded a step (or created the session), so the panel refreshes. */
export const sessionStepsRecorded = writable(0);

/** The latest feedback on one target of one step (targets match by their JSON). */
export function feedbackFor(entries: FeedbackEntry[], stepId: number | null, targetKind: FeedbackEntry['targetKind'], target: unknown): FeedbackEntry | null {
  const key = JSON.stringify(target);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.stepId === stepId && e.targetKind === targetKind && JSON.stringify(e.target) === key) return e;
  }
  return null;
}
