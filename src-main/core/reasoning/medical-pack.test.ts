import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../test-support/paths.js';
import { DatalogEngine } from './datalog/engine.js';
import { parseDatalog } from './datalog/parser.js';
import { toSwiProlog } from '../../../test-support/swi-prolog.js';
import { runSwipl, swiplAvailable } from '../../../test-support/swi-prolog-runner.js';
import { formatValue } from './datalog/values.js';
import { loadRulePack } from './rule-packs.js';
import { readTsvTriples } from '../import/tsv-triples.js';

const HAVE_SWIPL = swiplAvailable();
if (!HAVE_SWIPL) console.warn('skipping the SWI-Prolog comparison: swipl is not installed (apt-get install swi-prolog-nox)');

const q = (s: string): string => formatValue({ kind: 'sym', text: s });
const answers = (e: DatalogEngine, goal: string): string[] => e.query(goal).answers.map((a) => Object.values(a.bindings).join(',')).sort();

describe('medical pack', () => {
  it('chains symptoms to diseases to drugs, and respects contraindications', () => {
    const e = new DatalogEngine(parseDatalog(`${loadRulePack('medical').text}
      presents(flu, fever). presents(flu, cough). presents(cold, cough). presents(cold, sneezing). presents(strep, fever).
      treats(oseltamivir, flu). treats(amoxicillin, strep). palliates(paracetamol, flu). resembles(flu, covid).
      contraindicated(amoxicillin, penicillin_allergy). has_disease(ann, strep). has_disease(ann, penicillin_allergy).`));
    expect(answers(e, 'drug_for_symptom(fever, C)')).toEqual(['amoxicillin', 'oseltamivir']);
    expect(answers(e, 'n_shared_symptoms(flu, D, N)')).toEqual(['cold,1', 'strep,1']);
    expect(answers(e, 'repurposing_candidate(covid, C)')).toEqual(['oseltamivir']);
    expect(answers(e, 'risky_drug(ann, C)')).toEqual(['amoxicillin']);
    expect(answers(e, 'relief(cough, C)')).toEqual(['paracetamol']);
  });

  it.skipIf(!HAVE_SWIPL)('on biomed-mini (real drug-disease-symptom data) derives exactly what SWI-Prolog derives', () => {
    const rows = [...readTsvTriples(datasetPath('biomed-mini', 'triples.tsv')), ...readTsvTriples(datasetPath('biomed-mini', 'negatives_not_indicated.tsv'))];
    expect(rows.length).toBe(11934 + 243);
    const facts = rows.map(([h, r, t]) => `${r}(${q(h)}, ${q(t)}).`).join('\n');
    const program = parseDatalog(`${loadRulePack('medical').text}\n${facts}`);
    const e = new DatalogEngine(program);
    const preds: Array<[string, number]> = [['treatment', 2], ['symptomatic_treatment', 2], ['relief', 2], ['repurposing_candidate', 2], ['n_symptoms', 2]];
    const vars = (n: number): string => Array.from({ length: n }, (_, i) => `A${i}`).join(', ');
    const swi = runSwipl(toSwiProlog(program), preds.map(([p, n]) => [vars(n), `${p}(${vars(n)})`]));
    preds.forEach(([p, n], i) => {
      const mine = e.tuples(p, n).map((t) => t.map((v) => e.values.format(v)).join('\t')).sort();
      expect(mine, p).toEqual([...swi.answers[i]].sort());
    });
    // Physician-curated non-indications are never proposed.
    expect(e.query('not_indicated_for(C, D), repurposing_candidate(D, C)').answers).toEqual([]);
    expect(e.count('repurposing_candidate', 2)).toBeGreaterThan(100);
  });
});
