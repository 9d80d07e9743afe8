import type { AskResult, EmbeddingSource, QaFact } from '../../contract/types.js';
import type { RunOptions } from '../run/run-options.js';
import type { KgStore } from '../store/kg-store.js';
import { checkCitations } from './check-citations.js';
import { answerFromGraph, type GraphAnswer } from './graph-answerer.js';
import { askLlm, type LlmSettings } from './llm-answerer.js';
import { linkMentions } from './mention-linker.js';
import { paraphrase } from './paraphrase.js';
import { retrieveFacts } from './retrieve-facts.js';
import { answerFromSimilar, ASKS_FOR_SIMILAR, similarContext } from './similar-context.js';

/**
 * Question answering grounded in the KG: link the entities a question names, retrieve their bounded, ranked
 * subgraph, derive what the rule packs say, then either answer from the graph alone (offline default) or let a
 * language model phrase an answer from those facts only, checking every citation it makes. With an embedding source,
 * the linked entities' nearest entities in it come along as model context (`S<n>`, never facts); a question for
 * what is similar that the graph cannot answer is answered from them, marked as learned similarity.
 */
export async function ask(
  store: KgStore,
  question: string,
  llm: LlmSettings | null,
  run: RunOptions = {},
  embedding: { source: EmbeddingSource; top?: number } | null = null,
  /** A model file (.rkge) that "What might X also be related to?" predicts from, before the KG's stored models. */
  opts: { modelFile?: string } = {},
): Promise<AskResult> {
  // Everyday idioms ("brothers and sisters", "do for a living") read in the KG's words; names the KG knows stay.
  const first = linkMentions(store, question);
  const read = paraphrase(question, first);
  const linked = read === question ? first : linkMentions(store, read);
  const mentions = linked.map(({ start: _s, end: _e, ...m }) => m);
  // The linked entities' ranked facts: context for a language model and for an unanswered question; a graph answer
  // cites its own facts, so the retrieval is skipped there (it costs more than the answer on a large KG).
  let retrieved: QaFact[] | null = null;
  const retrieve = (): QaFact[] => (retrieved ??= retrieveFacts(store, question, [...new Set(mentions.map((m) => m.key))]));
  if (llm) retrieve();
  let graph = answerFromGraph(store, read, linked, retrieve, opts);
  if (!graph.answered) retrieve();
  const extra: QaFact[] = retrieved ?? [];
  const facts: QaFact[] = [...graph.facts, ...extra.filter((f) => !graph.facts.some((g) => g.id === f.id))];
  const context = embedding ? similarContext(store, embedding.source, mentions, embedding.top ?? 5) : [];
  const base = { question, mentions, facts, ...(embedding ? { context } : {}) };
  if (!llm) {
    const similar = !graph.answered && ASKS_FOR_SIMILAR.test(question) ? answerFromSimilar(question, context) : null;
    if (similar) {
      // Learned similarity, marked as such: the neighbours, scored by cosine, are predictions, not facts.
      const answers = context
        .filter((c) => similar.citations.includes(c.id))
        .sort((a, b) => b.cosine - a.cosine)
        .map((c) => ({ key: c.similar.key, label: c.similar.label, score: Math.round(c.cosine * 1000) / 1000 }));
      graph = {
        ...graph, answered: true, ...similar, answers: answers.map((a) => ({ ...a, predicted: true })),
        reading: `?- similar(${mentions.map((m) => m.key).join(', ')}, X). (embedding nearest neighbours, not facts)`,
        predicted: { by: 'model', name: embedding!.source.name }, query: null,
        queryNote: 'Nearest neighbours in an embedding are a learned similarity, not facts of the KG: no query over it returns them.',
      };
    }
    return {
      ...base,
      mode: 'graph',
      answered: graph.answered,
      answer: graph.answer,
      steps: graph.steps,
      citations: graph.citations,
      flags: [],
      llm: null,
      answers: graph.answered ? graph.answers : [],
      reading: graph.reading,
      ...extras(graph),
    };
  }
  run.onProgress?.({ phase: `asking ${llm.model}`, done: 0, unit: 'items' });
  const reply = await askLlm(llm, question, facts, (soFar) => run.onProgress?.({ phase: `asking ${llm.model}`, done: soFar.length, unit: 'items', text: soFar }), run.signal, context);
  const checked = checkCitations(reply.text, facts, context);
  return {
    ...base,
    mode: 'llm',
    answered: !/cannot answer|can't answer/i.test(checked.answer),
    answer: checked.answer,
    steps: checked.steps,
    citations: checked.citations,
    flags: checked.flags,
    llm: { url: llm.url, model: llm.model },
    // The graph's own reading and answer, beside the model's phrasing (the model's text is not parsed for entities).
    answers: graph.answered ? graph.answers : [],
    reading: graph.reading,
    ...extras(graph),
  };
}

/** The graph reading's extras: the counted entities, the prediction label, the runnable query and suggestions. */
function extras(g: GraphAnswer): Pick<AskResult, 'counted' | 'predicted' | 'query' | 'queryNote' | 'suggestions'> {
  return {
    ...(g.counted ? { counted: g.counted } : {}),
    predicted: g.answered ? (g.predicted ?? null) : null,
    query: g.query ?? (/^\?- [^(]+\(/.test(g.reading) && !/^\?- (rank_causes|relate|path|predict|predict_rules|similar|most|fewest)\(/.test(g.reading) ? { text: g.reading.replace(/^\?- /, '').replace(/\.$/, ''), packs: [] } : null),
    ...(g.queryNote ? { queryNote: g.queryNote } : {}),
    ...(g.suggestions?.length ? { suggestions: g.suggestions } : {}),
  };
}
