/**
 * KG embeddings and link prediction (issue 5). Layout follows PyKEEN:
 *   models/      interaction functions (TransE, DistMult, ComplEx, RotatE) with hand-derived gradients, resolver
 *   losses.ts    margin ranking, softplus, self-adversarial, 1-vs-all cross-entropy
 *   sampling.ts  negatives per positive
 *   optimizers.ts, regularizers.ts   lazy row-sparse Adam and Adagrad; N3
 *   training/    batch-gradient kernel, training loop, worker-thread compute pool, off-main-thread runner
 *   evaluation.ts  filtered ranking (both directions, mean rank for ties), MRR / Hits@k, per relation
 *   datasets.ts, kg-dataset.ts   benchmark folders and KG files as id triples
 *   model-file.ts  the stored model format; engine.ts  which engine runs and why
 *   kg-models.ts   models and rejected predictions stored in the KG file (schema migration 4)
 *   kg-predictions.ts  predict, suggest (review queue), review (accept / reject), similar entities
 *   similarity-index.ts  cosine top-k over normalised rows; training/rejected-negatives.ts  rejected triples as negatives
 */
export { MODEL_NAMES, BEST_DEFAULT_MODEL, resolveModel, isModelName, type ModelName, type Interaction } from './models/model-resolver.js';
export { MODEL_DEFAULTS, resolveTrainingConfig, type TrainingConfig, type TrainingOverrides, type PublishedResult } from './training/training-config.js';
export { readBenchmarkFolder, readBenchmarkSplits, datasetFromLabels, datasetWithVocabulary, type KgDataset, type TripleIds } from './datasets/triple-datasets.js';
export { loadKgDataset } from './kg/training-data.js';
export { trainAndEvaluate, evaluateTestSplit, defaultThreads, type TrainAndEvaluateResult } from './training/train-and-evaluate.js';
export { trainEmbeddings, type EpochReport, type TrainControl, type TrainResult } from './training/train-embeddings.js';
export { startTrainingWorker, type TrainingHandle, type TrainingJob } from './training/run-in-worker.js';
export { buildFilterIndex, evaluateFiltered, type EvaluationResult, type RankingMetrics } from './training/filtered-evaluation.js';
export { rankCandidates, knownAnswers, type Candidate } from './models/rank-candidates.js';
export { saveModelFile, loadModelFile, encodeModelFile, decodeModelFile, type ModelFileHeader, type StoredModel } from './models/model-file.js';
export { chooseEngine, probeTfjsNodeGpu, type EngineChoice, type EngineName } from './training/choose-engine.js';
export type { EmbeddingParams } from './models/embedding-params.js';
export { saveKgModel, loadKgModel, listKgModels, listRejectedTriples, type KgModel, type KgModelSummary, type ModelCurvePoint, type RejectedTriple } from './kg/stored-models.js';
export { predictLinks, suggestLinks, reviewPrediction, similarEntities, scoreTriple, type LinkPrediction, type SuggestionQueue, type ReviewResult, type SimilarEntities } from './kg/predictions.js';
export { buildSimilarityIndex, nearestToRow, nearestToVector, type SimilarityIndex, type Neighbour } from './kernels/similarity-index.js';
