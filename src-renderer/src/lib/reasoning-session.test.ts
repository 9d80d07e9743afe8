import { get } from 'svelte/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult, CauseRanking } from '../../../src-main/contract/types';
import { RelataService } from '../../../src-main/core/api/handlers';
import { demoFiles } from '../../../src-main/core/demo';
import {
  changeSummary, citationSegments, highlightAnswer, highlightRanking, highlightRelation, labelOf, pickedLabels, proofSupport, reasoningHighlight, type RelateResult,
} from './reasoning-session';

/** The Reason panel's plain logic on the real demo KG: what it highlights, how it reads citations and re-run changes. */
let service: RelataService;

beforeAll(async () => {
  service = new RelataService(':memory:', true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
});
afterAll(() => service.close());

describe('citationSegments', () => {
  it('splits bracketed and bare fact ids out of an answer or a step', () => {
    expect(citationSegments('Ulm — located in — Germany [F13].')).toEqual([{ text: 'Ulm — located in — Germany ', ids: [] }, { text: '', ids: ['F13'] }, { text: '.', ids: [] }]);
    expect(citationSegments('derive aunt(Charlie, Alice) [D1] from F88, F82.').flatMap((s) => s.ids)).toEqual(['D1', 'F88', 'F82']);
    expect(citationSegments('Ulm, Germany [F4][F13]').flatMap((s) => s.ids)).toEqual(['F4', 'F13']);
    expect(citationSegments('both [F4, D2] hold').flatMap((s) => s.ids)).toEqual(['F4', 'D2']);
    // Words that merely contain such letters and digits are left alone.
    expect(citationSegments('FF4 and F4x and COVID-19')).toEqual([{ text: 'FF4 and F4x and COVID-19', ids: [] }]);
    expect(citationSegments('close to it [S1, F4]; [S2]').flatMap((s) => s.ids)).toEqual(['S1', 'F4', 'S2']);
    expect(citationSegments('a Galaxy S10')).toEqual([{ text: 'a Galaxy S10', ids: [] }]);
  });
});

describe('highlights for the graph view', () => {
  it("an answer highlights the entities and triples of its cited facts only", async () => {
    const answer = (await service.call('qa.ask', { question: 'Where was Einstein born?' })) as AskResult;
    highlightAnswer(answer);
    const h = get(reasoningHighlight)!;
    expect(h.origin).toBe('answer');
    expect(h.keys.sort()).toEqual(['albert_einstein', 'germany', 'ulm']);
    const cited = answer.facts.filter((f) => answer.citations.includes(f.id)).map((f) => f.tripleId);
    expect(h.tripleIds.sort()).toEqual(cited.sort());
  });

  it('a relation highlights its proof’s stored triples and its paths', async () => {
    const result = (await service.call('reason.relate', { a: 'charlie', b: 'alice' })) as RelateResult;
    highlightRelation(result);
    const h = get(reasoningHighlight)!;
    const aunt = result.relations.find((r) => r.relation === 'aunt')!;
    const support = proofSupport(aunt.proof);
    expect(support.tripleIds.size).toBe(3); // father(charlie, bob), sister(bob, alice), gender(alice, female)
    for (const id of support.tripleIds) expect(h.tripleIds).toContain(id);
    expect(h.keys).toEqual(expect.arrayContaining(['charlie', 'bob', 'alice']));
  });

  it('a ranking highlights the findings, the top candidates and their matching links', async () => {
    const ranking = (await service.call('findings.explain', { findings: ['fever', 'cough'], relation: 'presents' })) as CauseRanking;
    highlightRanking(ranking, 1);
    const h = get(reasoningHighlight)!;
    expect(ranking.candidates[0].key).toBe('flu');
    expect(h.keys.sort()).toEqual(['cough', 'fever', 'flu']);
    expect(h.tripleIds.sort()).toEqual(ranking.candidates[0].matched.map((m) => m.triple).sort());
  });
});

describe('changeSummary', () => {
  it('names what a KG edit changed in a ranking, and in an answer', async () => {
    const before = (await service.call('findings.explain', { findings: ['fever', 'cough'], relation: 'presents' })) as CauseRanking;
    await service.call('entity.create', { key: 'whooping_cough', label: 'Whooping cough', type: 'Disease' });
    await service.call('triple.add', { subject: 'whooping_cough', predicate: 'presents', object: { key: 'cough' }, confidence: 0.95 });
    const after = (await service.call('findings.explain', { findings: ['fever', 'cough'], relation: 'presents' })) as CauseRanking;
    expect(changeSummary('findings.explain', before, after)).toMatch(/^new: Whooping cough \(#\d+\)$/);

    const asked = (await service.call('qa.ask', { question: 'Where was Einstein born?' })) as AskResult;
    const edited = { ...asked, answer: 'Ulm.' };
    expect(changeSummary('qa.ask', asked, edited)).toBe('answer was “Ulm, Germany.”, now “Ulm.”');
    expect(changeSummary('qa.ask', asked, null)).toBe('no result now');
  });
});

describe('labelOf', () => {
  it('prefers a picked label, else makes a plain key readable, and leaves IRIs alone', () => {
    expect(labelOf('albert_einstein')).toBe('Albert Einstein');
    pickedLabels['covid_19'] = 'COVID-19';
    expect(labelOf('covid_19')).toBe('COVID-19');
    expect(labelOf('http://example.org/x')).toBe('http://example.org/x');
  });
});
