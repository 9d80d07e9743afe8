import { z } from 'zod';
import type {
  AskResult, DuplicateCandidate, NodePosition, CauseRanking, ChangeLogEntry, EditResult, PathResult, SessionSummary, SessionDetail, SessionStep, StepRerun, FeedbackEntry, PreferencePair,
  EntityDetail, EntitySummary, ExportResult, GraphSlice, ImportResult, KgInfo, KgStats, ProgressEvent, RecentFile, TrainingProgress, TripleView,
} from './types.js';
import { EXPORT_FORMATS, IMPORT_FORMATS } from './types.js';
import { keyRef, labelText, literalText, newKey, propsRecord, queryText, searchText } from './field-limits.js';
import type { EntityClusters, KgModelSummary, LinkPrediction, ReviewResult, SimilarEntities, SuggestionQueue, TrainedKgModel, TrainingDefaults } from './embeddings-types.js';
import type { GnnClassifyResult, GnnEmbeddingSummary, GnnExplainResult, GnnReviewResult, GnnSimilarEntities } from './gnn-types.js';
import type { KgQueryResult, MaterializeResult, RelateResult } from './reasoning-types.js';
import { PUBLISH_PROTOCOLS, SPARQL_FORMATS, type SparqlPublishResult, type SparqlPullResult, type SparqlResult, type SparqlUpdateResult } from './sparql-types.js';
import type { RulePredictionReview, RulePredictionsResult, RuleSetsResult, RulesAnswerResult, RulesEvalResult, RulesLearnResult } from './rules-types.js';
import type { KgSchema, SchemaEntityPage, SchemaLinkTriple } from './schema-types.js';
import type { CommunityOverview } from './community-types.js';
import type { RemoteEntityDetail, RemoteOpenResult, RemotePaths, RemotePullResult, RemoteSearchResult, RemoteSlice, RemoteStats } from './remote-types.js';
import type { EmbeddingTrainReport, GnnRunReport, ModelFileEvaluation, ModelFilePrediction } from './learning-reports.js';

/**
 * Limits on one rule run (reason.query / relate / materialize): most derived facts (default 5,000,000), wall-clock
 * seconds (default 120), estimated memory of the derived facts in MiB (default 2,048). Past one the call fails with
 * an error naming the rule that was deriving and how many facts it made; nothing is written.
 */
const ruleRunLimits = {
  maxFacts: z.number().int().min(1).max(2_000_000_000).optional(),
  maxSeconds: z.number().positive().max(7 * 86_400).optional(),
  maxMemoryMb: z.number().int().min(1).max(1_048_576).optional(),
};
/**
 * Rules to run, in order: a shipped pack or a rule set stored in the KG by name, or a rule file's text with its file
 * name (which names the rule set and locates errors). Faces read rule files themselves: the service opens none by path.
 */
const ruleSource = z.union([
  z.string().min(1).max(200),
  z.object({ name: z.string().min(1).max(4096), text: z.string().max(50_000_000) }),
]);
/** Predicate flags (symmetric, inverse-of, transitive) and RDFS/OWL axioms in the KG as rules too; false ignores them. */
const schemaRules = z.boolean().default(true);
/**
 * A SPARQL endpoint opened as a read-only KG (remote.*): its URL (http or https), optionally one named graph every query
 * reads, and a time limit per query (default 20 s).
 */
const remoteTarget = {
  endpoint: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'an http(s) SPARQL endpoint URL'),
  graph: z.string().min(1).max(4096).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
};
const remoteIri = z.string().min(1).max(4096);
/** A stored entity embedding: a KG embedding model (model.list) or GNN node embeddings (gnn.embeddings). */
const embeddingSource = z.discriminatedUnion('kind', [z.object({ kind: z.literal('model'), name: z.string().min(1) }), z.object({ kind: z.literal('gnn'), name: z.string().min(1) })]);

/**
 * The one API contract. Each call is declared once: its name, its input schema (validated where data enters, in
 * every face) and its result type. Electron IPC, `relata serve` (HTTP + WebSocket) and the CLI all serve these calls
 * through the same handlers (src-main/core/api/handlers.ts). The renderer imports this file's types only.
 */
/** Calls that can be run as steps of a reasoning session (and re-run later against the current KG). */
export const SESSION_STEP_CALLS = ['qa.ask', 'reason.relate', 'reason.query', 'reason.materialize', 'findings.explain', 'graph.paths', 'graph.neighbourhood', 'entity.search', 'entity.get', 'kg.stats', 'model.train', 'gnn.classify', 'sparql.query', 'rules.learn', 'rules.predict'] as const;

const sliceFilter = z
  .object({
    types: z.array(z.string().min(1)).optional(),
    predicates: z.array(z.string().min(1)).optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    sources: z.array(z.enum(['file', 'user', 'rule', 'model'])).optional(),
    derived: z.enum(['all', 'asserted', 'derived']).optional(),
  })
  .default({});

/** Triples a graph slice carries unless told otherwise: about 2 MB of JSON, what a graph view can draw. */
export const DEFAULT_SLICE_MAX_EDGES = 10_000;
const sliceMaxEdges = z.number().int().min(1).max(1_000_000).default(DEFAULT_SLICE_MAX_EDGES);

/** Embedding training settings; each left out takes the model's default (model.defaults). */
const trainingSettings = z
  .object({
    dim: z.number().int().min(2).max(4096).optional(),
    loss: z.enum(['cross-entropy', 'margin-ranking', 'softplus', 'self-adversarial']).optional(),
    negatives: z.number().int().min(1).max(4096).optional(),
    reciprocal: z.boolean().optional(),
    /** N3 weight; 0 switches regularisation off. */
    regularizerWeight: z.number().min(0).max(10).optional(),
    optimizer: z.enum(['adam', 'adagrad']).optional(),
    learningRate: z.number().positive().max(100).optional(),
    batchSize: z.number().int().min(1).max(1_000_000).optional(),
    epochs: z.number().int().min(1).max(100_000).optional(),
    evalEvery: z.number().int().min(1).max(100_000).optional(),
    patience: z.number().int().min(1).max(1000).optional(),
    /** Relative validation-MRR gain that resets patience (0.005 = 0.5%; 0 = any gain). */
    minGain: z.number().min(0).max(0.5).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  })
  .default({});

const columnRef = z.union([z.string().min(1), z.number().int().min(0)]);

export const callSchemas = {
  'kg.info': z.object({}),
  'kg.open': z.object({ path: z.string().min(1), create: z.boolean().default(false) }),
  'kg.recent': z.object({}),
  'kg.save': z.object({}),
  'kg.stats': z.object({}),
  'kg.import': z.object({
    files: z
      .array(
        z.union([
          z.object({ path: z.string().min(1) }),
          z.object({ name: z.string().min(1).max(4096), contentBase64: z.string() }),
        ]),
      )
      .min(1),
    format: z.enum(IMPORT_FORMATS).optional(),
    header: z.boolean().optional(),
    skipBad: z.boolean().default(false),
    mapping: z
      .object({
        subject: columnRef.optional(),
        predicate: columnRef.optional(),
        object: columnRef.optional(),
        constantPredicate: z.string().min(1).optional(),
        confidence: columnRef.optional(),
        properties: z.array(columnRef).optional(),
      })
      .optional(),
  }),
  'kg.export': z.object({ path: z.string().min(1), format: z.enum(EXPORT_FORMATS) }),
  'entity.search': z.object({ text: searchText, limit: z.number().int().min(1).max(200).default(20) }),
  'entity.get': z.object({ key: keyRef }),
  'triple.get': z.object({ id: z.number().int() }),
  /**
   * 'top-degree' (the default): the `limit` entities of highest degree and the triples among them (a GraphSlice).
   * 'communities': Louvain communities of the whole KG as super-nodes and weighted links (a CommunityOverview, cached
   * in the KG file; `refresh` recomputes it; the filter's types are not applied, its other conditions are).
   */
  'graph.overview': z.object({
    limit: z.number().int().min(1).max(200_000).default(2000),
    filter: sliceFilter,
    maxEdges: sliceMaxEdges,
    mode: z.enum(['top-degree', 'communities']).default('top-degree'),
    refresh: z.boolean().default(false),
  }),
  'graph.among': z.object({ ids: z.array(z.number().int()).max(200_000), filter: sliceFilter, maxEdges: sliceMaxEdges }),
  /** The KG's types with counts and type → type links by predicate (clusters by predicate for untyped KGs); cached in the KG file. */
  'schema.get': z.object({ refresh: z.boolean().default(false) }),
  /** One page of a schema type's entities (or a cluster's, with cluster: true), optionally narrowed by text. */
  'schema.entities': z.object({
    type: z.string().min(1).max(10_000),
    cluster: z.boolean().default(false),
    text: z.string().max(1000).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  /** Example triples of one schema link (types, or clusters with cluster: true). */
  'schema.triples': z.object({
    from_type: z.string().min(1).max(10_000),
    predicate: z.string().min(1).max(10_000),
    to_type: z.string().min(1).max(10_000),
    cluster: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(20),
  }),
  'graph.positions.get': z.object({ keys: z.array(z.string()).optional() }),
  'graph.positions.save': z.object({ positions: z.array(z.object({ key: z.string().min(1), x: z.number().finite(), y: z.number().finite() })).max(200_000) }),
  'entity.duplicates': z.object({ minSimilarity: z.number().min(0.5).max(1).default(0.92), limit: z.number().int().min(1).max(1000).default(50) }),
  'graph.paths': z.object({
    from: keyRef,
    to: keyRef,
    maxHops: z.number().int().min(1).max(8).default(4),
    predicates: z.array(z.string().min(1)).optional(),
    limit: z.number().int().min(1).max(200).default(20),
    /** `shortest`: all shortest paths; `all`: every simple path up to maxHops, shortest first. */
    mode: z.enum(['shortest', 'all']).default('shortest'),
  }),
  'entity.create': z.object({
    key: newKey,
    label: labelText.nullable().optional(),
    type: labelText.nullable().optional(),
    props: propsRecord.nullable().optional(),
  }),
  'entity.update': z.object({
    key: keyRef,
    newKey: newKey.optional(),
    label: labelText.nullable().optional(),
    type: labelText.nullable().optional(),
    props: propsRecord.nullable().optional(),
  }),
  'entity.delete': z.object({ key: keyRef }),
  'entity.merge': z.object({ survivor: keyRef, duplicate: keyRef }),
  'triple.add': z.object({
    subject: newKey,
    predicate: newKey,
    object: z.union([
      z.object({ key: newKey }),
      z.object({ value: literalText, datatype: labelText.optional(), lang: z.string().max(100).optional() }),
    ]),
    confidence: z.number().min(0).max(1).optional(),
  }),
  'triple.delete': z.object({ id: z.number().int() }),
  /** Accept a prediction or a correction as a stored fact (provenance "user"); also recorded as positive feedback. */
  'triple.accept': z.object({
    subject: newKey,
    predicate: newKey,
    object: z.union([
      z.object({ key: newKey }),
      z.object({ value: literalText, datatype: labelText.optional(), lang: z.string().max(100).optional() }),
    ]),
    sessionId: z.number().int().nullable().default(null),
    stepId: z.number().int().nullable().default(null),
  }),
  'edit.undo': z.object({}),
  'edit.redo': z.object({}),
  'edit.history': z.object({ limit: z.number().int().min(1).max(1000).default(50) }),
  'findings.explain': z.object({
    findings: z.array(z.string().min(1)).min(1),
    relation: z.string().min(1),
    reverse: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).default(20),
  }),
  'reason.packs': z.object({}),
  'reason.query': z.object({
    query: queryText.min(1),
    packs: z.array(ruleSource).default([]),
    /** Rules typed by the user, in the same Datalog syntax as the packs. */
    rules: z.string().optional(),
    /** A named reading convention loaded on top of the rules (core/reasoning/conventions.ts); none = the strict reading. */
    convention: z.enum(['family-tree']).optional(),
    explain: z.boolean().default(false),
    /** Goal-directed evaluation (magic sets): derive only what the goal can use; positive rules only. */
    magic: z.boolean().default(false),
    schemaRules,
    /** Most answers; null: every answer. */
    limit: z.number().int().min(1).max(100_000).nullable().default(1000),
    ...ruleRunLimits,
  }),
  'reason.relate': z.object({
    a: z.string().min(1),
    b: z.string().min(1),
    packs: z.array(ruleSource).default(['kinship']),
    /** family-tree: spouses co-parent stated children unless a step-relation says otherwise, siblings share both parents. */
    convention: z.enum(['family-tree']).optional(),
    maxHops: z.number().int().min(1).max(8).default(4),
    /** Most connecting paths listed. */
    maxPaths: z.number().int().min(1).max(10_000).default(10),
    schemaRules,
    ...ruleRunLimits,
  }),
  'reason.materialize': z.object({
    packs: z.array(ruleSource).default([]),
    rules: z.string().optional(),
    convention: z.enum(['family-tree']).optional(),
    /** The rule set's name (its derived triples' source); default: the rules' names joined by " + ". */
    name: z.string().min(1).max(4096).optional(),
    /** Remove the derived triples of rule set `name` and derive nothing (give no rules). */
    clear: z.boolean().default(false),
    schemaRules,
    ...ruleRunLimits,
  }),
  'qa.ask': z.object({
    question: z.string().min(1).max(4000),
    llm: z
      .object({
        url: z.string().url(),
        model: z.string().min(1),
        /** Used for this call only; never written to the KG file (sessions record it redacted). */
        apiKey: z.string().optional(),
        timeoutMs: z.number().int().min(1000).max(600_000).optional(),
      })
      .nullable()
      .default(null),
    /** The linked entities' nearest entities in this embedding come along as model context (S1, …), never as facts. */
    embedding: embeddingSource.nullable().default(null),
    similarTop: z.number().int().min(1).max(50).default(5),
    /** A KG embedding model file (.rkge) that "What might X also be related to?" predicts from (answers marked as predictions). */
    modelFile: z.string().min(1).max(4096).optional(),
  }),
  'session.list': z.object({}),
  'session.create': z.object({ name: z.string().min(1).max(200) }),
  'session.get': z.object({ id: z.number().int() }),
  'session.rename': z.object({ id: z.number().int(), name: z.string().min(1).max(200) }),
  'session.duplicate': z.object({ id: z.number().int() }),
  'session.delete': z.object({ id: z.number().int() }),
  'session.run': z.object({
    sessionId: z.number().int(),
    call: z.enum(SESSION_STEP_CALLS),
    input: z.unknown(),
    title: z.string().max(500).optional(),
  }),
  'session.note': z.object({ sessionId: z.number().int(), text: queryText.min(1) }),
  'session.rerun': z.object({ id: z.number().int() }),
  'session.export': z.object({ id: z.number().int(), format: z.enum(['md', 'html']), path: z.string().min(1).optional() }),
  'feedback.add': z.object({
    sessionId: z.number().int().nullable().default(null),
    stepId: z.number().int().nullable().default(null),
    targetKind: z.enum(['answer', 'derived', 'prediction', 'ranking']),
    target: z.record(z.string(), z.unknown()),
    rating: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
    correction: z.string().nullable().default(null),
  }),
  'feedback.list': z.object({ sessionId: z.number().int().optional() }),
  'feedback.pairs': z.object({}),
  'graph.neighbourhood': z.object({
    key: z.string().min(1),
    hops: z.number().int().min(1).max(5).default(1),
    limit: z.number().int().min(1).max(200_000).default(2000),
    filter: sliceFilter,
    /** Most triples returned (the entity's own first); past it the slice says `truncated` and `totalEdges`. */
    maxEdges: sliceMaxEdges,
  }),
  /** Embedding models stored with the KG (`relata train --db`). */
  'model.list': z.object({}),
  'model.predict': z
    .object({
      model: z.string().min(1),
      head: z.string().min(1).optional(),
      tail: z.string().min(1).optional(),
      relation: z.string().min(1),
      top: z.number().int().min(1).max(10_000).default(10),
    })
    .refine((i) => (i.head === undefined) !== (i.tail === undefined), { message: 'give exactly one of head or tail' }),
  'model.suggest': z.object({
    model: z.string().min(1),
    relation: z.string().min(1).optional(),
    entities: z.array(z.string().min(1)).optional(),
    top: z.number().int().min(1).max(10_000).default(50),
    maxAnchors: z.number().int().min(1).max(1_000_000).default(1000),
  }),
  /** Accept: stored with provenance kind 'model', confidence = probability. Reject: a negative for the next training. */
  'model.review': z.object({
    model: z.string().min(1),
    subject: z.string().min(1),
    predicate: z.string().min(1),
    object: z.string().min(1),
    accept: z.boolean(),
  }),
  'model.similar': z.object({ model: z.string().min(1), entity: z.string().min(1), top: z.number().int().min(1).max(10_000).default(10) }),
  /**
   * Train a KG embedding model on the open KG (its split, or a seeded random 90/5/5 one) in a worker thread, then
   * evaluate on test and store it. Progress events carry `training` (runId, epoch, loss, validation MRR, ETA).
   * Cancel (wire cancel or model.control) keeps the best parameters so far and stores them (stopped_by 'cancelled');
   * cancelled before the first epoch ended, nothing is stored and the call fails with kind 'cancelled'.
   */
  'model.train': z.object({
    model: z.enum(['transe', 'distmult', 'complex', 'rotate']).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /**
     * Predicate keys whose triples are left out of training, validation and test (e.g. the type predicate, so the
     * embeddings can be features of a type classifier); a type predicate stands for every spelling the KG has.
     */
    excludePredicates: z.array(z.string().trim().min(1)).max(10_000).optional(),
    settings: trainingSettings,
  }),
  /**
   * Train and evaluate a KG embedding model in this process on a benchmark folder (`dataset`: train.txt, valid.txt,
   * test.txt) or, without one, the open KG's split (a seeded random 90/5/5 one when it has none); reports filtered test
   * metrics. `out` saves a model file; on the KG the model is stored (as `name`) and, with `sessionId`, recorded as a
   * step of that session. One progress line per epoch; Cancel or `maxMinutes` stop training after the current batch
   * and evaluate the best parameters so far.
   */
  'embeddings.train': z.object({
    dataset: z.string().min(1).max(4096).optional(),
    /** transe, distmult, complex or rotate (default complex); an unknown name fails listing the known ones. */
    model: z.string().min(1).max(100).optional(),
    settings: trainingSettings,
    threads: z.number().int().min(1).max(1024).optional(),
    maxMinutes: z.number().positive().max(10_080).optional(),
    out: z.string().min(1).max(4096).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    sessionId: z.number().int().optional(),
    excludePredicates: z.array(z.string().trim().min(1)).max(10_000).optional(),
  }),
  /** A model file (.rkge) re-evaluated on a benchmark folder's test split (filtered ranking). */
  'embeddings.evaluate': z.object({ modelFile: z.string().min(1).max(4096), dataset: z.string().min(1).max(4096), threads: z.number().int().min(1).max(1024).optional() }),
  /** A model file's ranking of the missing tail (given head) or head (given tail); known facts from a benchmark folder or, with kgKnown, the open KG. */
  'embeddings.predict': z
    .object({
      modelFile: z.string().min(1).max(4096),
      relation: z.string().min(1),
      head: z.string().min(1).optional(),
      tail: z.string().min(1).optional(),
      dataset: z.string().min(1).max(4096).optional(),
      kgKnown: z.boolean().default(false),
      top: z.number().int().min(1).max(10_000).default(10),
      unknownOnly: z.boolean().default(false),
    })
    .refine((i) => (i.head === undefined) !== (i.tail === undefined), { message: 'give exactly one of head or tail' }),
  /** Each model's default training settings (the form's starting point) and the published results they aim at. */
  'model.defaults': z.object({}),
  /** Pause, resume or cancel a running model.train by the runId of its progress events. */
  'model.control': z.object({ runId: z.string().min(1), action: z.enum(['pause', 'resume', 'cancel']) }),
  /**
   * GCN or R-GCN over the open KG: entities with a type (target 'type') or a value of a property (target
   * 'prop:PREDICATE') are labelled (seeded 60/20/20 split); predicts every entity's class. Rejected predictions are
   * trained as negatives. Progress events per epoch; Cancel stops training. Stores the hidden-layer node embeddings.
   */
  'gnn.classify': z.object({
    target: z.union([z.literal('type'), z.string().regex(/^prop:.+/, 'type or prop:PREDICATE')]).default('type'),
    model: z.enum(['gcn', 'rgcn']).default('gcn'),
    seeds: z.number().int().min(1).max(10).default(1),
    epochs: z.number().int().min(1).max(2000).optional(),
    /**
     * Feature groups: predicates, neighbour-labels, types (property targets), degree, text (bag of words of literal
     * values), embedding:NAME (a stored embedding model or GNN embeddings: model:NAME, gnn:NAME). Default: the
     * target's usual binary features (predicates, neighbour-labels, [types,] degree).
     */
    features: z.array(z.string().min(1)).min(1).max(20).optional(),
  }),
  /** Edge-occlusion saliency of one entity's prediction under the last classify model (trained first if absent). */
  'gnn.explain': z.object({ key: z.string().min(1), limit: z.number().int().min(1).max(5000).default(100) }),
  /**
   * Accept (a fact with provenance 'model', one undoable edit) or reject (kept as feedback: a negative next time)
   * predictions of the last gnn.classify.
   */
  'gnn.review': z.object({
    items: z.array(z.object({ key: z.string().min(1), class: z.string().min(1) })).min(1).max(20_000),
    accept: z.boolean(),
  }),
  /** Accept every prediction of the last gnn.classify for an entity without a class, at or above minConfidence. */
  'gnn.acceptAbove': z.object({ minConfidence: z.number().min(0).max(1) }),
  /** Nearest entities by cosine of the stored GNN node embeddings (the newest set unless `name`). */
  'gnn.similar': z.object({ entity: z.string().min(1), top: z.number().int().min(1).max(10_000).default(10), name: z.string().min(1).optional() }),
  /** Stored GNN node embeddings, newest first. */
  'gnn.embeddings': z.object({}),
  /**
   * A GNN experiment over several seeds on a benchmark folder (`dataset`: Planetoid TSV for node-class, triples for
   * link-pred) or the open KG: GCN / R-GCN node classification (test accuracy against the majority class and the
   * paper), or R-GCN + DistMult link prediction on a held-out `relation` (filtered MRR / Hits@k, optionally against
   * DistMult alone; `out` saves the embeddings as a DistMult model file). Progress lines; settings left out take the
   * model's defaults.
   */
  'gnn.run': z.object({
    task: z.enum(['node-class', 'link-pred']).default('node-class'),
    dataset: z.string().min(1).max(4096).optional(),
    target: z.union([z.literal('type'), z.string().regex(/^prop:.+/, 'type or prop:PREDICATE')]).default('type'),
    model: z.enum(['gcn', 'rgcn']).default('gcn'),
    features: z.array(z.string().min(1)).min(1).max(20).optional(),
    relation: z.string().min(1).optional(),
    /** Seeds trained and averaged (default 10 for node-class, 1 for link-pred). */
    seeds: z.number().int().min(1).max(1000).optional(),
    /** The first seed, and the seed of any random split. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    settings: z
      .object({
        epochs: z.number().int().min(1).max(100_000).optional(),
        /** Hidden units (link-pred: the embedding size). */
        hidden: z.number().int().min(1).max(100_000).optional(),
        dim: z.number().int().min(1).max(100_000).optional(),
        layers: z.number().int().min(0).max(10).optional(),
        bases: z.number().int().min(1).max(10_000).optional(),
        negatives: z.number().int().min(1).max(10_000).optional(),
        loss: z.enum(['bce', 'ce']).optional(),
        batchSize: z.number().int().min(1).max(10_000_000).optional(),
        dropout: z.number().min(0).max(0.99).optional(),
        learningRate: z.number().min(0).max(10).optional(),
        weightDecay: z.number().min(0).max(10).optional(),
        /** Early-stopping window on validation loss; 0 = off. */
        patience: z.number().int().min(0).max(100_000).optional(),
      })
      .default({}),
    compareDistmult: z.boolean().default(false),
    out: z.string().min(1).max(4096).optional(),
  }),
  /**
   * k-means++ clusters of the entities of a stored embedding (L2-normalised rows), with the silhouette on a sample and
   * purity/NMI against entity types beside a random assignment's purity; `assignment` maps every entity to its cluster.
   */
  /**
   * Learn Horn rules (AnyBURL-style path rules up to length 3, rules with constants) from a benchmark folder's
   * training split (`dataset`), from a file of small KGs with queries (`stories`, JSON Lines), or from the open
   * KG's asserted triples (neither given). Anytime: runs for `seconds` (default: about 3 s per 1,000 training
   * triples, 10 s to 15 min), reports progress, and Cancel returns the rules found so far.
   */
  'rules.learn': z.object({
    dataset: z.string().min(1).max(4096).optional(),
    stories: z.string().min(1).max(4096).optional(),
    maxLength: z.number().int().min(1).max(3).default(3),
    seconds: z.number().min(0.1).max(86_400).optional(),
    constants: z.boolean().default(true),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    /** Write the rules here as a .pl file (one clause a line, numbers in a trailing comment). */
    out: z.string().min(1).max(4096).optional(),
    /** Rules returned in `top`. */
    limit: z.number().int().min(0).max(10_000).default(50),
  }),
  /** Filtered link-prediction metrics of a rule file on a benchmark folder's test split (optionally with an embedding model for ties). */
  'rules.eval': z.object({
    dataset: z.string().min(1).max(4096),
    rules: z.string().min(1).max(4096),
    withModel: z.string().min(1).max(4096).optional(),
    /** With a model: noisy-or of rule confidence and model probability (default), or rules first with the model ordering ties. */
    combine: z.enum(['rules-first', 'noisy-or']).default('noisy-or'),
  }),
  /** Answer each story's query by forward chaining with learned composition rules (accuracy against `target` where given). */
  'rules.answer': z.object({
    stories: z.string().min(1).max(4096),
    rules: z.string().min(1).max(4096),
  }),
  /** Accept a rule into a named rule set stored in the KG (usable as a pack by query, relate, materialise and ask), or reject it for good. Undoable. */
  'rules.review': z.object({
    rule: z.string().min(1).max(100_000),
    accept: z.boolean(),
    ruleSet: z.string().min(1).max(200).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a rule set name is a letter then letters, digits, _ or -').default('learned'),
    /** The rule's numbers as learned (support, confidence, …), kept with it. */
    stats: z.record(z.string(), z.unknown()).optional(),
  }),
  /** The rule sets stored in the KG and the rejected rules. */
  'rules.sets': z.object({}),
  /** Take a rule out of a rule set without rejecting it (learning may propose it again); `rule` is its id or its clause. Undoable. */
  'rules.remove': z.object({
    ruleSet: z.string().min(1).max(200),
    rule: z.union([z.number().int().min(1), z.string().min(1).max(100_000)]),
  }),
  /**
   * Link predictions of a stored rule set: for one entity (tails, or heads with direction 'head') or, without one,
   * a review queue over all entities; each with the rules that fired and a grounding of each.
   */
  'rules.predict': z.object({
    ruleSet: z.string().min(1).max(200).default('learned'),
    entity: z.string().min(1).max(4096).optional(),
    direction: z.enum(['tail', 'head']).default('tail'),
    relation: z.string().min(1).max(4096).optional(),
    top: z.number().int().min(1).max(10_000).default(50),
  }),
  /** Accept a rule prediction (stored with provenance `rules:<set>`, undoable) or reject it (never proposed again, a negative for embedding training). */
  'rules.reviewPrediction': z.object({
    ruleSet: z.string().min(1).max(200).default('learned'),
    subject: z.string().min(1).max(4096),
    predicate: z.string().min(1).max(4096),
    object: z.string().min(1).max(4096),
    accept: z.boolean(),
    confidence: z.number().min(0).max(1).optional(),
    /** The session step that listed the prediction: the review is recorded as its feedback. */
    sessionId: z.number().int().nullable().default(null),
    stepId: z.number().int().nullable().default(null),
  }),
  'embeddings.cluster': z.object({
    source: embeddingSource,
    k: z.number().int().min(2).max(200).default(8),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    restarts: z.number().int().min(1).max(20).default(4),
    members: z.number().int().min(1).max(1000).default(20),
    assignment: z.boolean().default(true),
  }),
  /**
   * A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the open KG as RDF (keys in Relata's namespace, as
   * `kg.export` writes them; derived triples only with `derived`), or against a remote endpoint (`endpoint`: the
   * SPARQL protocol; no KG needed). `body` is the standard document: SPARQL results JSON/XML/CSV/TSV, or
   * N-Triples/Turtle for graphs. A syntax error fails with "LINE:COL: problem".
   */
  'sparql.query': z.object({
    query: z.string().min(1).max(1_000_000),
    format: z.enum(SPARQL_FORMATS).default('json'),
    derived: z.boolean().default(false),
    /** 'union': named-graph triples also in the default graph (as export writes them); 'separate': only in theirs. */
    graphs: z.enum(['union', 'separate']).default('union'),
    endpoint: z.string().url().optional(),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  }),
  /**
   * A SPARQL 1.1 update (INSERT DATA, DELETE DATA, DELETE/INSERT WHERE, graph management, …) over the KG's stored
   * triples, written as one undoable edit through the change log (edit.undo reverts it). A triple is in one named graph
   * at most (its graph property); an update that would put it in two is refused and changes nothing.
   */
  'sparql.update': z.object({
    update: z.string().min(1).max(10_000_000),
    /** 'union': the default graph shows every triple (removing one there deletes it); 'separate': only those of no named graph. */
    graphs: z.enum(['union', 'separate']).default('union'),
  }),
  /**
   * Pulls a CONSTRUCT/DESCRIBE (or `SELECT ?s ?p ?o`) query's triples from a SPARQL endpoint into the KG, paged with
   * LIMIT/OFFSET, retried with back-off on 5xx and time-outs, all pages in one transaction (nothing kept on a failure
   * or Cancel). The pulled triples' provenance is a source naming the endpoint, the query and the time.
   */
  'sparql.pull': z.object({
    endpoint: z.string().url(),
    query: z.string().min(1).max(1_000_000),
    pageSize: z.number().int().min(1).max(1_000_000).default(10_000),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  }),
  /**
   * Publishes the KG's asserted triples (or only the derived / model ones) to a SPARQL 1.1 store as INSERT DATA
   * updates or by the Graph Store HTTP Protocol, in batches, into a named graph when given, with HTTP Basic or
   * Digest authentication; idempotent on re-run.
   */
  'sparql.publish': z.object({
    endpoint: z.string().url(),
    /** 'update': INSERT DATA batches; 'gsp': Graph Store HTTP Protocol (PUT replaces the named graph, then POSTs). */
    protocol: z.enum(PUBLISH_PROTOCOLS).default('update'),
    graph: z.string().min(1).max(2000).optional(),
    only: z.enum(['derived', 'model']).optional(),
    user: z.string().max(200).optional(),
    password: z.string().max(200).optional(),
    /** Triples per request; default 1,000 (update) or 10,000 (gsp). */
    batchSize: z.number().int().min(1).max(100_000).optional(),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  }),
  /** Opens a SPARQL endpoint as a read-only KG: checks that it answers and returns its statistics (as remote.stats). */
  'remote.open': z.object({ ...remoteTarget }),
  /** Triple count, the most-used predicates (GROUP BY with LIMIT) and a few entities; counts past the time limit are null. */
  'remote.stats': z.object({ ...remoteTarget, predicates: z.number().int().min(1).max(1000).default(20) }),
  /** Entities whose label or alias contains the text (bif:contains where the endpoint has a text index), or an IRI itself. */
  'remote.search': z.object({ ...remoteTarget, text: searchText.min(1), limit: z.number().int().min(1).max(1000).default(20) }),
  /** The highest-degree entities among a sample of the store's entity–entity triples, and the triples among them. */
  'remote.overview': z.object({
    ...remoteTarget,
    limit: z.number().int().min(1).max(1000).default(50),
    sample: z.number().int().min(1000).max(10_000_000).default(200_000),
    edges: z.number().int().min(1).max(10_000).default(1000),
  }),
  /** An entity's 1- or 2-hop neighbourhood: out- and in-edges per hop up to `limit` each; hop 2 expands `frontier` neighbours. */
  'remote.neighbourhood': z.object({
    ...remoteTarget,
    iri: remoteIri,
    hops: z.number().int().min(1).max(2).default(1),
    limit: z.number().int().min(1).max(10_000).default(200),
    frontier: z.number().int().min(1).max(1000).default(50),
  }),
  /** The inspector of a remote entity: its properties, the triples naming it, labels, types and degree. */
  'remote.entity': z.object({ ...remoteTarget, iri: remoteIri, limit: z.number().int().min(1).max(10_000).default(200) }),
  /** Paths of one and two hops (either direction) between two IRIs. */
  'remote.paths': z.object({ ...remoteTarget, from: remoteIri, to: remoteIri, limit: z.number().int().min(1).max(1000).default(50) }),
  /**
   * "Work on this locally": pulls an entity's 1- or 2-hop neighbourhood (at most `limit` entities, the triples among
   * them, their types and literals) into the open KG through sparql.pull.
   */
  'remote.pull': z.object({
    ...remoteTarget,
    iri: remoteIri,
    hops: z.number().int().min(1).max(2).default(1),
    limit: z.number().int().min(1).max(5000).default(500),
  }),
} as const;

export interface CallResults {
  'kg.info': KgInfo;
  'kg.open': KgInfo;
  'kg.recent': RecentFile[];
  'kg.save': KgInfo;
  'kg.stats': KgStats;
  'kg.import': ImportResult;
  'kg.export': ExportResult;
  'entity.search': EntitySummary[];
  'entity.get': EntityDetail | null;
  'triple.get': TripleView | null;
  /** A GraphSlice for mode 'top-degree' (no `communities` field); a CommunityOverview for mode 'communities'. */
  'graph.overview': GraphSlice | CommunityOverview;
  'graph.neighbourhood': GraphSlice;
  'graph.among': GraphSlice;
  'schema.get': KgSchema;
  'schema.entities': SchemaEntityPage;
  'schema.triples': SchemaLinkTriple[];
  'graph.positions.get': NodePosition[];
  'graph.positions.save': { saved: number };
  'entity.duplicates': DuplicateCandidate[];
  'graph.paths': PathResult;
  'entity.create': EditResult;
  'entity.update': EditResult;
  'entity.delete': EditResult;
  'entity.merge': EditResult;
  'triple.add': EditResult;
  'triple.delete': EditResult;
  'triple.accept': EditResult;
  'edit.undo': EditResult | null;
  'edit.redo': EditResult | null;
  'edit.history': ChangeLogEntry[];
  'findings.explain': CauseRanking;
  'reason.packs': string[];
  'reason.query': KgQueryResult;
  'reason.relate': RelateResult;
  'reason.materialize': MaterializeResult;
  'qa.ask': AskResult;
  'session.list': SessionSummary[];
  'session.create': SessionSummary;
  'session.get': SessionDetail;
  'session.rename': SessionSummary;
  'session.duplicate': SessionSummary;
  'session.delete': { deleted: number };
  'session.run': SessionStep;
  'session.note': SessionStep;
  'session.rerun': StepRerun[];
  'session.export': { format: 'md' | 'html'; text: string; path: string | null };
  'feedback.add': FeedbackEntry;
  'feedback.list': FeedbackEntry[];
  'feedback.pairs': PreferencePair[];
  'model.list': KgModelSummary[];
  'model.predict': LinkPrediction;
  'model.suggest': SuggestionQueue;
  'model.review': ReviewResult;
  'model.similar': SimilarEntities;
  'model.train': TrainedKgModel;
  'model.defaults': TrainingDefaults;
  'model.control': TrainingProgress;
  'gnn.classify': GnnClassifyResult;
  'gnn.explain': GnnExplainResult;
  'gnn.review': GnnReviewResult;
  'gnn.acceptAbove': GnnReviewResult;
  'gnn.similar': GnnSimilarEntities;
  'gnn.embeddings': GnnEmbeddingSummary[];
  'gnn.run': GnnRunReport;
  'embeddings.train': EmbeddingTrainReport;
  'embeddings.evaluate': ModelFileEvaluation;
  'embeddings.predict': ModelFilePrediction;
  'embeddings.cluster': EntityClusters;
  'sparql.query': SparqlResult;
  'sparql.update': SparqlUpdateResult;
  'sparql.pull': SparqlPullResult;
  'sparql.publish': SparqlPublishResult;
  'remote.open': RemoteOpenResult;
  'remote.stats': RemoteStats;
  'remote.search': RemoteSearchResult;
  'remote.overview': RemoteSlice;
  'remote.neighbourhood': RemoteSlice;
  'remote.entity': RemoteEntityDetail;
  'remote.paths': RemotePaths;
  'remote.pull': RemotePullResult;
  'rules.learn': RulesLearnResult;
  'rules.eval': RulesEvalResult;
  'rules.answer': RulesAnswerResult;
  'rules.review': EditResult;
  'rules.sets': RuleSetsResult;
  'rules.remove': EditResult;
  'rules.predict': RulePredictionsResult;
  'rules.reviewPrediction': RulePredictionReview;
}

export type CallName = keyof typeof callSchemas;
export type CallInput<N extends CallName> = z.input<(typeof callSchemas)[N]>;
export type ParsedInput<N extends CallName> = z.output<(typeof callSchemas)[N]>;
export type CallResult<N extends CallName> = CallResults[N];

export const CALL_NAMES = Object.keys(callSchemas) as CallName[];

/** What a transport needs from the caller besides the input: progress events and a way to cancel. */
export interface CallOptions {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** The one client interface the renderer uses, whatever the transport (IPC or WebSocket). */
export interface RelataClient {
  call<N extends CallName>(name: N, input: CallInput<N>, options?: CallOptions): Promise<CallResult<N>>;
}

/** Messages of the WebSocket face (and the shape Electron IPC forwards). */
export type WireRequest = { id: number; call: CallName; input: unknown } | { id: number; cancel: true };
export type WireResponse =
  | { id: number; progress: ProgressEvent }
  | { id: number; result: unknown }
  | { id: number; error: { message: string; kind: string } };
