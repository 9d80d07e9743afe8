import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelataService } from '../api/handlers.js';
import { createParams } from '../embeddings/models/embedding-params.js';
import { saveModelFile } from '../embeddings/models/model-file.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { tempDir } from '../../../test-support/paths.js';

/**
 * "What might X also be related to?" from a model file (.rkge) given with the question (`relata ask --model-file`):
 * a DistMult model set by hand so that its scores are plain (score = Σ h·r·t), answered as predictions with their
 * softmax probabilities, the link the KG already states left out.
 */
const tmp = tempDir();
const db = join(tmp.dir, 'kg.sqlite');
const modelPath = join(tmp.dir, 'hand.rkge');
let service: RelataService;
beforeAll(() => {
  const s = KgStore.open(db);
  s.db.transaction(() => {
    const w = new TripleWriter(s, { kind: 'user', name: 'test' });
    const p = w.predicate('worked_with');
    w.add(w.entity('tesla', 'Nikola Tesla'), p, w.entity('edison', 'Thomas Edison'));
    w.entity('westinghouse', 'George Westinghouse');
    w.add(w.entity('ulm', 'Ulm'), w.predicate('located_in'), w.entity('germany', 'Germany'));
    w.finish();
  })();
  s.close();
  // Entities on one axis score by the product of their first coordinates: Edison 3, Westinghouse 2, Tesla 1, Ulm 0.
  const params = createParams({ model: 'distmult', dim: 2, reciprocal: false, numEntities: 4, numRelations: 1 });
  params.entities.set([1, 0, 3, 0, 2, 0, 0, 1]);
  params.relations.set([1, 1]);
  saveModelFile(modelPath, params, { entities: ['tesla', 'edison', 'westinghouse', 'ulm'], relations: ['worked_with'] });
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(db);
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

describe('predictions from a model file', () => {
  it('answers with the model\'s most probable new link, marked as a prediction with its probability', async () => {
    const r = await service.call('qa.ask', { question: 'What might Tesla also be related to?', modelFile: modelPath });
    expect(r.predicted).toEqual({ by: 'model', name: 'hand.rkge' });
    expect(r.answers[0]).toMatchObject({ key: 'westinghouse', label: 'George Westinghouse', predicted: true });
    // The stated link (Tesla worked with Edison) is a fact, not a prediction.
    expect(r.answers.map((a) => a.key)).not.toContain('edison');
    const z = Math.exp(3) + Math.exp(2) + Math.exp(1) + Math.exp(0);
    expect(r.answers[0].score).toBeCloseTo(Math.exp(2) / z, 3);
    expect(r.reading).toMatch(/predict\('?hand\.rkge'?, tesla/);
    expect(r.answer).toMatch(/^Predictions, not stored facts \(model file hand\.rkge\)/);
  });
  it('without the model file, the KG alone has no model nor rule set to predict from, and says so', async () => {
    const r = await service.call('qa.ask', { question: 'What might Tesla also be related to?' });
    expect(r.answers).toEqual([]);
    expect(r.predicted).toBeNull();
  });
});
