import OpenAI from 'openai';
import type { QaFact, QaSimilar } from '../../contract/types.js';
import { CancelledError } from '../run/cancelled-error.js';

export interface LlmSettings {
  /** Base URL of an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

export interface LlmReply {
  text: string;
}

export const SYSTEM_PROMPT = `You answer questions about a knowledge graph using ONLY the numbered facts given.
Think step by step: write numbered steps (1., 2., ...), then a final line starting with "Answer:".
Cite the facts each statement rests on by their ids in square brackets, e.g. [F12] or [D1].
Facts marked (model prediction) are predictions, not established facts: say so if you use them.
Items under "Model context" ([S1], ...) are similarities learned by an embedding model, not facts: cite them only to say
that something is similar or close, and never state them as facts.
If the facts do not answer the question, say that you cannot answer from the graph.`;

export function buildPrompt(question: string, facts: QaFact[], context: QaSimilar[] = []): string {
  const lines = facts.map((f) => `[${f.id}] ${f.text}${f.kind === 'derived' ? ' (derived by rules)' : ''}`);
  const similar = context.length ? `\n\nModel context (embedding similarity, not facts):\n${context.map((c) => `[${c.id}] ${c.text}`).join('\n')}` : '';
  return `Facts:\n${lines.join('\n')}${similar}\n\nQuestion: ${question}`;
}

/** Asks an OpenAI-compatible endpoint (local ones first: Ollama, llama.cpp, LM Studio, vLLM) and streams the reply. */
export async function askLlm(
  settings: LlmSettings, question: string, facts: QaFact[], onText?: (soFar: string) => void, signal?: AbortSignal, context: QaSimilar[] = [],
): Promise<LlmReply> {
  const timeout = settings.timeoutMs ?? 60_000;
  const client = new OpenAI({ baseURL: settings.url, apiKey: settings.apiKey || 'not-needed', timeout, maxRetries: 0 });
  let text = '';
  try {
    const stream = await client.chat.completions.create(
      {
        model: settings.model,
        stream: true,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: buildPrompt(question, facts, context) },
        ],
      },
      { signal, timeout },
    );
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      onText?.(text);
    }
  } catch (err) {
    const e = err as Error & { status?: number };
    if (e.name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(e.message)) {
      throw new Error(`the language model at ${settings.url} did not answer within ${Math.round(timeout / 1000)} s`);
    }
    if (e.status) throw new Error(`the language model at ${settings.url} answered HTTP ${e.status}: ${e.message.replace(/^\d+\s*/, '').split('\n')[0]}`);
    if (signal?.aborted) throw new CancelledError();
    throw new Error(`cannot reach the language model at ${settings.url}: ${e.message.split('\n')[0]}`);
  }
  return { text };
}
