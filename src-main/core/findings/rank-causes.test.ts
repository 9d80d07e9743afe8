import { beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { rankCauses } from './rank-causes.js';
import { datasetPath } from '../../../test-support/paths.js';

let demo: KgStore;
beforeAll(async () => {
  demo = KgStore.open(':memory:');
  await importFiles(demo, demoFiles().map((path) => ({ path })));
});

describe('findings → likely causes on the demo KG', () => {
  const cases: Array<[string[], string]> = [
    [['fever', 'cough'], 'flu'],
    [['Headache', 'sensitivity to light'], 'migraine'],
    [['sore throat', 'Swollen lymph nodes'], 'strep_throat'],
    [['runny nose', 'sneezing'], 'common_cold'],
    [['fever', 'cough', 'loss of smell'], 'covid_19'],
    [['cough', 'shortness of breath', 'chest pain'], 'pneumonia'],
  ];
  for (const [findings, expected] of cases) {
    it(`${findings.join(' + ')} → ${expected}`, () => {
      const r = rankCauses(demo, findings, { relation: 'presents' });
      expect(r.candidates[0].key).toBe(expected);
      expect(r.direction).toBe('cause-to-finding');
      const top = r.candidates[0];
      // the score is exactly the sum of the terms it shows
      const terms = [...top.matched, ...top.unexplained, ...top.missing].reduce((a, t) => a + t.contribution, 0);
      expect(top.score).toBeCloseTo(terms, 10);
      expect(top.matched.length + top.unexplained.length).toBe(new Set(r.findings.map((f) => f.key)).size);
    });
  }

  it('says what matched, what it does not explain and what is missing', () => {
    const r = rankCauses(demo, ['fever', 'cough'], { relation: 'presents' });
    const strep = r.candidates.find((c) => c.key === 'strep_throat')!;
    expect(strep.matched.map((m) => m.key)).toEqual(['fever']);
    expect(strep.unexplained.map((m) => m.key)).toEqual(['cough']);
    expect(strep.missing.map((m) => m.key).sort()).toEqual(['sore_throat', 'swollen_lymph_nodes']);
    // explaining both findings beats explaining one of them
    expect(r.candidates.findIndex((c) => c.key === 'strep_throat')).toBeGreaterThan(r.candidates.findIndex((c) => c.key === 'flu'));
  });

  it('rejects what it cannot resolve, by name', () => {
    expect(() => rankCauses(demo, ['fever'], { relation: 'causes' })).toThrow(/no predicate "causes"/);
    expect(() => rankCauses(demo, ['zzzqqq'], { relation: 'presents' })).toThrow(/no entity matches the finding "zzzqqq"/);
  });
});

describe('hand-made cases', () => {
  it('detects a relation that runs finding → cause, and prefers specific findings', async () => {
    const s = KgStore.open(':memory:');
    await s.write(() => {
      const w = new TripleWriter(s, { kind: 'user', name: 'case' });
      const p = w.predicate('suggests');
      // "late payment" suggests many things; "shell address" only fraud
      for (const c of ['fraud', 'cash_flow_problem', 'clerical_error']) w.add(w.entity('late_payment'), p, w.entity(c));
      w.add(w.entity('shell_address'), p, w.entity('fraud'));
      w.add(w.entity('round_amounts'), p, w.entity('fraud'));
      w.add(w.entity('round_amounts'), p, w.entity('clerical_error'));
      w.finish();
    });
    const r = rankCauses(s, ['late_payment', 'shell_address'], { relation: 'suggests' });
    expect(r.direction).toBe('finding-to-cause');
    expect(r.candidates.map((c) => c.key)).toEqual(['fraud', 'cash_flow_problem', 'clerical_error']);
    expect(r.candidates[0].matched.find((m) => m.key === 'shell_address')!.contribution).toBeGreaterThan(
      r.candidates[0].matched.find((m) => m.key === 'late_payment')!.contribution,
    );
    s.close();
  });

  it('works on the biomedical KG (biomed-mini): every ranked disease explains a finding, names resolve to symptoms', async () => {
    const s = KgStore.open(':memory:');
    await importFiles(s, [{ path: datasetPath('biomed-mini', 'entities.tsv') }, { path: datasetPath('biomed-mini', 'triples.tsv') }]);
    const r = rankCauses(s, ['fever', 'cough'], { relation: 'presents', limit: 10 });
    expect(r.findings.map((f) => f.key)).toEqual(['Symptom::MESH:D005334', 'Symptom::MESH:D003371']);
    expect(r.candidates).toHaveLength(10);
    for (const c of r.candidates) {
      expect(c.type).toBe('Disease');
      expect(c.matched.length).toBeGreaterThan(0);
    }
    for (let i = 1; i < r.candidates.length; i++) expect(r.candidates[i - 1].score).toBeGreaterThanOrEqual(r.candidates[i].score);
    s.close();
  });
});
