import type { SessionDetail, SessionStep } from '../../contract/types.js';
import { stepFigures } from './step-figures.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A short human summary of a step's output, for reports (the full JSON follows it). */
function outputSummary(step: SessionStep): string {
  const out = step.output as Record<string, unknown> | null;
  if (!out) return '';
  if (typeof out.answer === 'string') return out.answer;
  if (Array.isArray(out.candidates)) {
    return (out.candidates as Array<{ label: string; score: number }>).slice(0, 5).map((c, i) => `${i + 1}. ${c.label} (${c.score.toFixed(2)})`).join('; ');
  }
  if (Array.isArray(out.relations) && out.relations.length) {
    return `${out.b} is ${out.a}'s ${(out.relations as Array<{ relation: string }>).map((r) => r.relation).join(', ')}`;
  }
  if (Array.isArray(out.paths)) return `${out.paths.length} path(s)`;
  if (step.kind === 'sparql.query' && typeof out.form === 'string') {
    const form = out.form.toUpperCase();
    if (out.form === 'ask') return `${form}: ${/"boolean"\s*:\s*true|<boolean>true|^true/m.test(String(out.body)) ? 'true' : 'false'}`;
    return `${form}: ${out.count} ${out.form === 'select' ? 'solution' : 'triple'}${out.count === 1 ? '' : 's'}`;
  }
  if (step.kind === 'gnn.classify' && typeof out.testAccuracy === 'number') {
    return `${out.model === 'rgcn' ? 'R-GCN' : 'GCN'} on ${out.target}: test accuracy ${(100 * out.testAccuracy).toFixed(1)}% (majority class ${(100 * (out.majorityAccuracy as number)).toFixed(1)}%)`;
  }
  if (step.kind === 'model.train' && out.test && out.model) {
    const t = out.test as { mrr: number; hitsAt1: number; hitsAt10: number };
    const m = out.model as { name: string; kind: string };
    return `${m.kind} model '${m.name}': test MRR ${t.mrr.toFixed(3)}, Hits@1 ${(100 * t.hitsAt1).toFixed(1)}%, Hits@10 ${(100 * t.hitsAt10).toFixed(1)}%, ${out.epochsRun} epochs (stopped by ${out.stoppedBy})`;
  }
  return '';
}

/** Markdown report; figures are embedded as SVG data URIs so the file stays self-contained. */
export function sessionMarkdown(session: SessionDetail): string {
  const lines = [`# ${session.name}`, '', `Reasoning session ${session.id}, started ${session.createdAt}, ${session.timeline.length} steps.`, ''];
  session.timeline.forEach((step, i) => {
    lines.push(`## ${i + 1}. ${step.title}`, '', `*${step.kind}* at ${step.startedAt}, ${step.durationMs?.toFixed(0) ?? '?'} ms`, '');
    const summary = outputSummary(step);
    if (summary) lines.push(summary, '');
    for (const svg of stepFigures(step)) lines.push(`![figure](data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')})`, '');
    lines.push('<details><summary>input and output</summary>', '', '```json', JSON.stringify({ input: step.input, output: step.output }, null, 2), '```', '', '</details>', '');
  });
  return lines.join('\n');
}

/** A self-contained HTML report (no external assets; figures are inline SVG), printable and shareable. */
export function sessionHtml(session: SessionDetail): string {
  const steps = session.timeline
    .map(
      (step, i) => `<section><h2>${i + 1}. ${escapeHtml(step.title)}</h2>
<p class="meta">${escapeHtml(step.kind)} · ${escapeHtml(step.startedAt)} · ${step.durationMs?.toFixed(0) ?? '?'} ms</p>
<p>${escapeHtml(outputSummary(step))}</p>
${stepFigures(step).map((svg) => `<figure>${svg}</figure>`).join('\n')}
<details><summary>input and output</summary><pre>${escapeHtml(JSON.stringify({ input: step.input, output: step.output }, null, 2))}</pre></details></section>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(session.name)} — Relata session</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2433}h1{margin-bottom:.2rem}
section{border-top:1px solid #dde2ea;padding:.5rem 0}.meta{color:#667085;font-size:13px}pre{background:#f4f6f9;padding:.75rem;overflow:auto;font-size:12px}</style>
</head><body><h1>${escapeHtml(session.name)}</h1><p class="meta">Relata reasoning session ${session.id} · ${escapeHtml(session.createdAt)} · ${session.timeline.length} steps</p>
${steps}
</body></html>
`;
}
