import type { SessionDetail, SessionStep, SessionSummary } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';

interface StepRow {
  id: number;
  session_id: number;
  kind: string;
  title: string;
  input: string | null;
  output: string | null;
  started_at: string;
  duration_ms: number | null;
}

const toStep = (r: StepRow): SessionStep => ({
  id: r.id,
  sessionId: r.session_id,
  kind: r.kind,
  title: r.title,
  input: r.input ? JSON.parse(r.input) : null,
  output: r.output ? JSON.parse(r.output) : null,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
});

/** Reasoning sessions: named timelines of steps (each an API call with its input, output and timing), in the KG file. */
export class SessionStore {
  constructor(private readonly store: KgStore) {}

  private get db() {
    return this.store.db;
  }

  list(): SessionSummary[] {
    return this.db
      .prepare('SELECT s.id, s.name, s.created_at AS createdAt, (SELECT count(*) FROM session_steps WHERE session_id = s.id) AS steps FROM sessions s ORDER BY s.id DESC')
      .all() as SessionSummary[];
  }

  create(name: string): SessionSummary {
    const createdAt = new Date().toISOString();
    const id = Number(this.db.prepare('INSERT INTO sessions(name, created_at) VALUES (?, ?)').run(name, createdAt).lastInsertRowid);
    return { id, name, createdAt, steps: 0 };
  }

  get(id: number): SessionDetail {
    const s = this.db.prepare('SELECT id, name, created_at AS createdAt FROM sessions WHERE id = ?').get(id) as Omit<SessionSummary, 'steps'> | undefined;
    if (!s) throw new Error(`no session with id ${id}`);
    const steps = (this.db.prepare('SELECT * FROM session_steps WHERE session_id = ? ORDER BY id').all(id) as StepRow[]).map(toStep);
    return { ...s, steps: steps.length, timeline: steps };
  }

  rename(id: number, name: string): SessionSummary {
    if (this.db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(name, id).changes === 0) throw new Error(`no session with id ${id}`);
    const { timeline: _t, ...summary } = this.get(id);
    return summary;
  }

  duplicate(id: number): SessionSummary {
    const original = this.get(id);
    return this.db.transaction(() => {
      const copy = this.create(`${original.name} (copy)`);
      const ins = this.db.prepare('INSERT INTO session_steps(session_id, kind, title, input, output, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const s of original.timeline) {
        ins.run(copy.id, s.kind, s.title, JSON.stringify(s.input), JSON.stringify(s.output), s.startedAt, s.durationMs);
      }
      return { ...copy, steps: original.timeline.length };
    })();
  }

  delete(id: number): void {
    if (this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes === 0) throw new Error(`no session with id ${id}`);
  }

  addStep(sessionId: number, step: { kind: string; title: string; input: unknown; output: unknown; startedAt: string; durationMs: number }): SessionStep {
    if (!this.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(sessionId)) throw new Error(`no session with id ${sessionId}`);
    const info = this.db
      .prepare('INSERT INTO session_steps(session_id, kind, title, input, output, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(sessionId, step.kind, step.title, JSON.stringify(step.input ?? null), JSON.stringify(step.output ?? null), step.startedAt, step.durationMs);
    return toStep(this.db.prepare('SELECT * FROM session_steps WHERE id = ?').get(Number(info.lastInsertRowid)) as StepRow);
  }
}
