import type { QaFact, QaFlag } from '../../contract/types.js';
import { contentStems } from './text-tokens.js';

export interface CitationCheck {
  steps: string[];
  answer: string;
  citations: string[];
  flags: QaFlag[];
}

const CITATION = /\[([FD]\d+)\]/g;

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[^\d\s][.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Checks an LLM's answer against the facts it was given: every cited id must be one of them, and every statement
 * must cite at least one fact whose words it shares. Sentences that only frame ("Answer:", step headers without
 * claims, "I cannot answer") are not flagged.
 */
export function checkCitations(text: string, facts: QaFact[]): CitationCheck {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const flags: QaFlag[] = [];
  const cited = new Set<string>();
  const steps: string[] = [];
  let answer = '';
  for (const raw of sentences(text)) {
    const isStep = /^\d+[.)]\s/.test(raw);
    const isAnswer = /^answer\s*:/i.test(raw);
    const sentence = raw.replace(/^\d+[.)]\s*/, '').replace(/^answer\s*:\s*/i, '');
    if (isStep) steps.push(sentence);
    if (isAnswer) answer = sentence;
    const ids = [...sentence.matchAll(CITATION)].map((m) => m[1]);
    const claimWords = contentStems(sentence.replace(CITATION, ''));
    if (/cannot answer|can't answer|do not (say|answer)|not enough/i.test(sentence)) continue;
    for (const id of ids) {
      if (!byId.has(id)) flags.push({ sentence, problem: `cites ${id}, which is not one of the facts given` });
      else cited.add(id);
    }
    const known = ids.filter((id) => byId.has(id));
    if (claimWords.length === 0) continue;
    if (known.length === 0) {
      if (ids.length === 0) flags.push({ sentence, problem: 'states something without citing a fact' });
      continue;
    }
    const support = new Set(known.flatMap((id) => contentStems(byId.get(id)!.text)));
    const supported = claimWords.filter((w) => support.has(w)).length;
    if (supported === 0) flags.push({ sentence, problem: `no cited fact (${known.join(', ')}) supports it` });
  }
  if (!answer) answer = sentences(text).at(-1)?.replace(/^answer\s*:\s*/i, '') ?? '';
  return { steps, answer, citations: [...cited], flags };
}
