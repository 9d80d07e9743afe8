import type { SessionStep } from '../../contract/types.js';
import { barChart, graphSnapshot, type SnapshotEdge } from './svg-figures.js';

interface Labelled {
  label?: string;
  key?: string | null;
}

const name = (x: Labelled | string | undefined): string => (typeof x === 'string' ? x : (x?.label ?? x?.key ?? '?'));

/** The figures a step's output calls for: a ranking chart, and a snapshot of the facts or paths it used. */
export function stepFigures(step: SessionStep): string[] {
  const out = (step.output ?? {}) as Record<string, unknown>;
  const figures: string[] = [];
  if (Array.isArray(out.candidates)) {
    const items = (out.candidates as Array<{ label: string; score: number }>).map((c) => ({ label: c.label, value: c.score }));
    if (items.length) figures.push(barChart('Candidates by score', items));
  }
  const edges: SnapshotEdge[] = [];
  if (Array.isArray(out.facts) && Array.isArray(out.citations)) {
    const cited = new Set(out.citations as string[]);
    for (const f of out.facts as Array<{ id: string; kind: string; subject: Labelled; predicate: Labelled; object: Labelled }>) {
      if (cited.has(f.id)) edges.push({ source: name(f.subject), label: name(f.predicate), target: name(f.object), dashed: f.kind !== 'stored' });
    }
  }
  if (Array.isArray(out.paths)) {
    for (const path of (out.paths as unknown[]).slice(0, 5)) {
      // graph.paths: arrays of {triple}; relate: {steps: [{s, p, o}]}
      const steps = Array.isArray(path) ? path : ((path as { steps?: unknown[] }).steps ?? []);
      for (const s of steps as Array<Record<string, unknown>>) {
        if (s.triple) {
          const t = s.triple as { subject: Labelled; predicate: Labelled; object: Labelled & { value?: string } };
          edges.push({ source: name(t.subject), label: name(t.predicate), target: t.object.value ?? name(t.object) });
        } else if (s.s) edges.push({ source: String(s.s), label: String(s.p), target: String(s.o) });
      }
    }
  }
  if (Array.isArray(out.relations) && typeof out.a === 'string' && typeof out.b === 'string') {
    for (const r of out.relations as Array<{ relation: string }>) edges.push({ source: out.a as string, label: r.relation, target: out.b as string, dashed: true });
  }
  const unique = edges.filter((e, i) => edges.findIndex((x) => x.source === e.source && x.label === e.label && x.target === e.target) === i);
  if (unique.length) figures.push(graphSnapshot('Facts this step used', unique));
  return figures;
}
