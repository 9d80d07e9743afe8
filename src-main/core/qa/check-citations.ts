import type { QaFact, QaFlag, QaSimilar } from '../../contract/types.js';
import { contentStems } from './text-tokens.js';

export interface CitationCheck {
  steps: string[];
  answer: string;
  citations: string[];
  flags: QaFlag[];
}

const CITATION = /\[([FDS]\d+)\]/g;
/** Words that mark a statement as one about similarity, the only kind model context (`S<n>`) may support. */
const SIMILARITY_WORDS = /\b(similar|similarity|like|close|closest|near|nearest|resembl\w*|embedding|alike|akin)\b/i;

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[^\d\s][.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Checks an LLM's answer against the facts it was given: every cited id must be one of them, and every statement
 * must cite at least one fact whose words it shares. Sentences that only frame ("Answer:", step headers without
 * claims, "I cannot answer") are not flagged. Model context (embedding neighbours, `S<n>`) is citable for
 * statements of similarity only: a statement resting on it alone that does not say so is flagged.
 */
export function checkCitations(text: string, facts: QaFact[], context: QaSimilar[] = []): CitationCheck {
  const byId = new Map<string, { text: string }>([...facts, ...context].map((f) => [f.id, f]));
  const similar = new Map(context.map((c) => [c.id, c]));
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
    if (known.every((id) => similar.has(id)) && !SIMILARITY_WORDS.test(sentence)) {
      // Naming the similar entities is fine ("Answer: Pneumonia [S1]"); stating anything else on them alone is not.
      const named = new Set(known.flatMap((id) => contentStems(`${similar.get(id)!.entity.label} ${similar.get(id)!.similar.label}`)));
      if (claimWords.some((w) => !named.has(w))) flags.push({ sentence, problem: `rests only on embedding similarity (${known.join(', ')}), which is not a stored fact` });
      continue;
    }
    const support = new Set(known.flatMap((id) => contentStems(byId.get(id)!.text)));
    const supported = claimWords.filter((w) => support.has(w)).length;
    if (supported === 0) flags.push({ sentence, problem: `no cited fact (${known.join(', ')}) supports it` });
  }
  if (!answer) answer = sentences(text).at(-1)?.replace(/^answer\s*:\s*/i, '') ?? '';
  return { steps, answer, citations: [...cited], flags };
}
