import type { FeedbackEntry, PreferencePair } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';

interface Row {
  id: number;
  session_id: number | null;
  step_id: number | null;
  target_kind: FeedbackEntry['targetKind'];
  target: string;
  rating: -1 | 0 | 1;
  correction: string | null;
  created_at: string;
}

const toEntry = (r: Row): FeedbackEntry => ({
  id: r.id,
  sessionId: r.session_id,
  stepId: r.step_id,
  targetKind: r.target_kind,
  target: JSON.parse(r.target),
  rating: r.rating,
  correction: r.correction,
  createdAt: r.created_at,
});

/** Human feedback (thumbs up/down, corrections) on answers, derived relations, predictions and rankings. */
export class FeedbackStore {
  constructor(private readonly store: KgStore) {}

  add(entry: Omit<FeedbackEntry, 'id' | 'createdAt'>): FeedbackEntry {
    const info = this.store.db
      .prepare('INSERT INTO feedback(session_id, step_id, target_kind, target, rating, correction, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.sessionId, entry.stepId, entry.targetKind, JSON.stringify(entry.target), entry.rating, entry.correction, new Date().toISOString());
    return toEntry(this.store.db.prepare('SELECT * FROM feedback WHERE id = ?').get(Number(info.lastInsertRowid)) as Row);
  }

  list(sessionId?: number): FeedbackEntry[] {
    const rows = (sessionId === undefined
      ? this.store.db.prepare('SELECT * FROM feedback ORDER BY id').all()
      : this.store.db.prepare('SELECT * FROM feedback WHERE session_id = ? ORDER BY id').all(sessionId)) as Row[];
    return rows.map(toEntry);
  }

  /**
   * Preference pairs for reward models / DPO: for each prompt, a corrected answer is chosen over the answer it
   * corrects, and an answer rated up is chosen over one rated down for the same prompt.
   */
  preferencePairs(): PreferencePair[] {
    const answers = this.list().filter((f) => f.targetKind === 'answer');
    const pairs: PreferencePair[] = [];
    const byPrompt = new Map<string, FeedbackEntry[]>();
    for (const f of answers) {
      const t = f.target as { question?: string; answer?: string };
      if (!t.question || typeof t.answer !== 'string') continue;
      if (f.correction) pairs.push({ prompt: t.question, chosen: f.correction, rejected: t.answer });
      const list = byPrompt.get(t.question) ?? [];
      list.push(f);
      byPrompt.set(t.question, list);
    }
    for (const [prompt, list] of byPrompt) {
      const good = list.filter((f) => f.rating > 0).map((f) => (f.target as { answer: string }).answer);
      const bad = list.filter((f) => f.rating < 0).map((f) => (f.target as { answer: string }).answer);
      for (const chosen of new Set(good)) for (const rejected of new Set(bad)) if (chosen !== rejected) pairs.push({ prompt, chosen, rejected });
    }
    return pairs;
  }
}
