import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ZodError } from 'zod';
import { callSchemas, SESSION_STEP_CALLS, type CallName, type CallOptions, type CallResult, type ParsedInput } from '../../contract/api.js';
import type { KgInfo } from '../../contract/types.js';
import { exportKg } from '../export/export-kg.js';
import { importFiles, type ImportSource } from '../import/import-files.js';
import { KgStore } from '../store/kg-store.js';
import { entityDetail, getTriple, kgStats, searchEntities } from '../store/kg-queries.js';
import { neighbourhoodSlice, overviewSlice, relationsAmong } from '../store/graph-slices.js';
import { communityOverviewOffThread } from '../graph-overview/communities-in-worker.js';
import { kgSchemaAsync, schemaEntities, schemaLinkTriples } from '../store/kg-schema.js';
import { loadPositions, savePositions } from '../store/positions.js';
import { duplicateCandidates } from '../edit/duplicate-candidates.js';
import { readRecentFiles, rememberRecentFile } from './recent-files.js';
import { KgEditor } from '../edit/kg-editor.js';
import { allSimplePaths, shortestPaths } from '../paths/shortest-paths.js';
import { rankCauses } from '../findings/rank-causes.js';
import { ask } from '../qa/ask.js';
import { listRulePacks, loadRulePack, type RuleText } from '../reasoning/rule-packs.js';
import { queryKgAsync } from '../reasoning/kg-reasoning.js';
import { materializeRulesOffThread } from '../reasoning/materialize-in-worker.js';
import { relateEntitiesAsync } from '../reasoning/relate.js';
import { DEFAULT_CALL_MAX_SECONDS, type EvalLimits } from '../reasoning/datalog/limits.js';
import { withConventions } from '../reasoning/conventions.js';
import { SessionStore } from '../sessions/session-store.js';
import { FeedbackStore } from '../sessions/feedback-store.js';
import { sessionHtml, sessionMarkdown } from '../sessions/session-report.js';
import { stepOutputChanged } from '../sessions/step-compare.js';
import type { StepRerun } from '../../contract/types.js';
import { listKgModels } from '../embeddings/kg/stored-models.js';
import { predictLinks, reviewPrediction, similarEntities, suggestLinks } from '../embeddings/kg/predictions.js';
import { TrainingRuns, trainingDefaults } from '../embeddings/kg/training-runs.js';
import { classifyKg, classifyKgAsync, explainKgEntity, kgFingerprint, type TrainedKgGnn } from '../gnn/kg/classify-entities.js';
import { acceptGnnPredictions, rejectGnnPredictions, unlabelledPredictionsAbove } from '../gnn/kg/review-predictions.js';
import { gnnSimilarEntities, listGnnEmbeddings, saveGnnEmbeddings } from '../gnn/kg/hidden-layer-embeddings.js';
import { clusterEntities } from '../node-embeddings/cluster-entities.js';
import { runSparqlQuery, SparqlSyntaxError } from '../sparql/sparql-query.js';
import { queryEndpoint } from '../sparql/sparql-endpoint.js';
import { runSparqlUpdate } from '../sparql/sparql-update.js';
import { pullFromEndpoint } from '../sparql/pull.js';
import { publishToEndpoint } from '../sparql/publish.js';
import { SparqlQueryRunner } from '../sparql/query-runner.js';
import { RemoteKgs } from '../remote-kg/remote-kg.js';
import { pullNeighbourhood } from '../remote-kg/work-locally.js';
import { answerStoriesCall, evalRulesCall, learnRulesCall, ruleHead } from '../rules/rules-calls.js';
import { predictWithRuleSet, reviewRulePrediction } from '../rules/kg-rule-predictions.js';
import { rejectedRuleTexts, ruleSetNames, ruleSetRules, ruleSetText } from '../store/rule-sets.js';
import type { DatabaseHandle } from '../store/kg-store.js';
import { ApiError } from './api-error.js';
import { POOLED_READS, type ReadPool } from './read-pool.js';
import { evaluateModelFile, gnnRun, predictWithModelFile, trainEmbeddingsRun } from './learning-runs.js';

type Handler<N extends CallName> = (input: ParsedInput<N>, options: CallOptions) => Promise<CallResult<N>> | CallResult<N>;
type Handlers = { [N in CallName]: Handler<N> };

/** Plain reads: while this service's KG has a write open, they read the last committed state (KgStore.committedReader). */
const COMMITTED_READS: ReadonlySet<CallName> = new Set<CallName>(['kg.stats', 'entity.search', 'entity.get', 'triple.get', 'graph.among', 'graph.neighbourhood', 'graph.paths', 'graph.positions.get']);
const committedReadScope = new AsyncLocalStorage<true>();

/**
 * Rule packs (or rule sets accepted into the KG, which take precedence) by name and rule files' texts, in order, plus
 * rules typed by the user (never file paths: the browser face must not read files by name).
 */
function rulesFrom(packs: Array<string | RuleText>, typed?: string, db?: DatabaseHandle, storedFactsAlone = false): RuleText[] {
  const rules = packs.map((pack) => {
    if (typeof pack !== 'string') return pack;
    const stored = db ? ruleSetText(db, pack) : null;
    return stored !== null ? { name: `rule set ${pack}`, text: stored } : loadRulePack(pack);
  });
  if (typed?.trim()) rules.push({ name: 'typed rules', text: typed });
  // A query may run over the stored facts alone (an answer's reading over the KG's own predicates).
  if (rules.length === 0 && !storedFactsAlone) throw new ApiError('give at least one rule pack or some rules');
  return rules;
}

/** How a face runs rule calls: what a limit error tells the user to raise, and the time limit when a call gives none. */
export interface ServiceOptions {
  /** The face's names for maxFacts, maxSeconds and maxMemoryMb in limit errors (the CLI's flags); default the fields'. */
  limitHints?: EvalLimits['hints'];
  /** Seconds a rule run may take when the call gives no maxSeconds; null: no limit (a terminal has Ctrl+C). Default 120. */
  ruleSeconds?: number | null;
}

/** A step's input as recorded: API keys never reach the KG file. */
function withoutSecrets(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input ?? null, (k, v) => (k === 'apiKey' ? undefined : v)));
}

/** A readable title for a session step from its call and input. */
function stepTitle(call: string, input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  if (call === 'qa.ask') return String(i.question);
  if (call === 'reason.relate') return `How ${i.a} and ${i.b} are related`;
  if (call === 'reason.query') return String(i.query);
  if (call === 'findings.explain') return `Likely causes of ${(i.findings as string[] | undefined)?.join(', ')}`;
  if (call === 'graph.paths') return `How ${i.from} and ${i.to} are connected`;
  if (call === 'entity.search') return `Search "${i.text}"`;
  if (call === 'entity.get' || call === 'graph.neighbourhood') return `${call === 'entity.get' ? 'Inspect' : 'Neighbourhood of'} ${i.key}`;
  if (call === 'gnn.classify') return `Classify entities by ${i.target && i.target !== 'type' ? String(i.target).slice(5) : 'type'} (${i.model === 'rgcn' ? 'R-GCN' : 'GCN'}${Array.isArray(i.features) ? `; ${i.features.join(', ')}` : ''})`;
  if (call === 'sparql.query') return `SPARQL${i.endpoint ? ` at ${i.endpoint}` : ''}: ${String(i.query).replace(/\s+/g, ' ').trim().slice(0, 100)}`;
  if (call === 'rules.learn') return `Learn rules from ${i.dataset ? String(i.dataset) : i.stories ? String(i.stories) : 'the KG'}${i.seconds ? ` (${i.seconds} s)` : ''}`;
  if (call === 'rules.predict') return `Predict ${i.relation ? String(i.relation) : 'links'}${i.entity ? ` ${i.direction === 'head' ? 'to' : 'from'} ${i.entity}` : ''} with the rule set ${i.ruleSet ?? 'learned'}`;
  if (call === 'model.train') return `Train ${i.model ?? 'the default'} embedding model${i.name ? ` '${i.name}'` : ''}`;
  return call;
}

function formatZodError(name: string, err: ZodError): string {
  const issue = err.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'input';
  return `invalid input for ${name}: ${where}: ${issue.message}`;
}

/**
 * The core service behind every face: holds the open KG and implements each call of the contract. It knows
 * nothing of Electron, HTTP or the terminal.
 */
export class RelataService {
  private store: KgStore | null = null;
  /** The last `gnn.classify` model, kept for `gnn.explain` while the KG is unchanged. */
  private gnn: { path: string; trained: TrainedKgGnn } | null = null;
  /** Running model.train calls, by run id (model.control). */
  private readonly training = new TrainingRuns();
  /** SPARQL queries run in a worker that keeps the loaded KG (cancel, time limits). */
  private readonly sparql = new SparqlQueryRunner();
  /** SPARQL endpoints opened as read-only KGs (remote.*), each remembering what its endpoint can do. */
  private readonly remotes = new RemoteKgs();

  constructor(kgPath?: string, create = true, private readonly options: ServiceOptions = {}) {
    if (kgPath) this.openKg(kgPath, create);
  }

  /** A rule run's limits from a reason.* call: the call's own, else the face's defaults; Cancel from the face. */
  private ruleLimits(input: { maxFacts?: number; maxSeconds?: number; maxMemoryMb?: number }, options: CallOptions): EvalLimits {
    const seconds = this.options.ruleSeconds === undefined ? DEFAULT_CALL_MAX_SECONDS : (this.options.ruleSeconds ?? undefined);
    return { maxFacts: input.maxFacts, maxSeconds: input.maxSeconds ?? seconds, maxMemoryMb: input.maxMemoryMb, signal: options.signal, hints: this.options.limitHints };
  }

  private get sessions(): SessionStore {
    return new SessionStore(this.kg);
  }

  private get feedback(): FeedbackStore {
    return new FeedbackStore(this.kg);
  }

  private get editor(): KgEditor {
    return new KgEditor(this.kg);
  }

  get kg(): KgStore {
    if (!this.store) throw new ApiError('no KG is open: open or create one first', 'no-kg');
    // A read call that runs while a write transaction of this service is open (an import through the server) reads
    // through a second connection, so it sees only committed data.
    if (committedReadScope.getStore()) return this.store.committedReader() ?? this.store;
    return this.store;
  }

  private openKg(path: string, create: boolean): KgInfo {
    const full = path === ':memory:' ? path : resolve(path);
    const next = KgStore.open(full, { mustExist: !create });
    this.store?.close();
    this.store = next;
    rememberRecentFile(full);
    return this.info();
  }

  private info(): KgInfo {
    const kg = this.kg;
    return { path: kg.path, name: basename(kg.path).replace(/\.(sqlite|db|relata)$/i, ''), schemaVersion: kg.schemaVersion };
  }

  private readonly handlers: Handlers = {
    'kg.info': () => this.info(),
    'kg.open': (input) => this.openKg(input.path, input.create),
    'kg.recent': () => readRecentFiles(),
    'kg.save': () => {
      this.kg.checkpoint();
      return this.info();
    },
    'kg.stats': () => kgStats(this.kg),
    'kg.import': async (input, options) => {
      const kg = this.kg;
      let uploadDir: string | null = null;
      try {
        const sources: ImportSource[] = input.files.map((f) => {
          if ('path' in f) return { path: f.path };
          uploadDir ??= mkdtempSync(join(tmpdir(), 'relata-upload-'));
          const path = join(uploadDir, basename(f.name));
          writeFileSync(path, Buffer.from(f.contentBase64, 'base64'));
          return { path, name: basename(f.name) };
        });
        const files = await importFiles(
          kg,
          sources,
          { format: input.format, header: input.header, skipBad: input.skipBad, mapping: input.mapping },
          options,
        );
        return { files, stats: kgStats(kg) };
      } finally {
        if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
      }
    },
    'kg.export': (input, options) => exportKg(this.kg, resolve(input.path), input.format, options),
    'entity.search': (input) => searchEntities(this.kg, input.text, input.limit),
    'entity.get': (input) => entityDetail(this.kg, input.key),
    'triple.get': (input) => getTriple(this.kg, input.id),
    'graph.overview': (input, options) =>
      input.mode === 'communities' ? communityOverviewOffThread(this.kg, input, options) : overviewSlice(this.kg, input.limit, input.filter, input.maxEdges),
    'graph.neighbourhood': (input) => neighbourhoodSlice(this.kg, input.key, input.hops, input.limit, input.filter, input.maxEdges),
    'graph.among': (input) => relationsAmong(this.kg, input.ids, input.filter, input.maxEdges),
    'schema.get': (input) => kgSchemaAsync(this.kg, { refresh: input.refresh }),
    'schema.entities': (input) => schemaEntities(this.kg, input),
    'schema.triples': (input) => schemaLinkTriples(this.kg, input),
    'graph.positions.get': (input) => loadPositions(this.kg, input.keys),
    'graph.positions.save': (input) => ({ saved: savePositions(this.kg, input.positions) }),
    'entity.duplicates': (input) => duplicateCandidates(this.kg, input.minSimilarity, input.limit),
    'graph.paths': (input) => (input.mode === 'all' ? allSimplePaths : shortestPaths)(this.kg, input.from, input.to, input),
    'entity.create': (input) => this.editor.createEntity(input),
    'entity.update': (input) => this.editor.updateEntity(input),
    'entity.delete': (input) => this.editor.deleteEntity(input.key),
    'entity.merge': (input) => this.editor.mergeEntities(input.survivor, input.duplicate),
    'triple.add': (input) => this.editor.addTriple(input),
    'triple.delete': (input) => this.editor.deleteTriple(input.id),
    'triple.accept': async (input) => {
      const result = await this.editor.acceptFact(input);
      this.feedback.add({
        sessionId: input.sessionId, stepId: input.stepId, targetKind: 'prediction', rating: 1, correction: null,
        target: { subject: input.subject, predicate: input.predicate, object: input.object, accepted: true },
      });
      return result;
    },
    'edit.undo': () => this.editor.undo(),
    'edit.redo': () => this.editor.redo(),
    'edit.history': (input) => this.editor.history(input.limit),
    'findings.explain': (input) => rankCauses(this.kg, input.findings, input),
    'reason.packs': () => [...listRulePacks(), ...(this.store ? ruleSetNames(this.store.db).filter((n) => !listRulePacks().includes(n)) : [])],
    'reason.query': (input, options) =>
      queryKgAsync(this.kg.db, withConventions(rulesFrom(input.packs, input.rules, this.kg.db, true), input.convention), input.query, {
        explain: input.explain, magic: input.magic, schema: input.schemaRules, limit: input.limit ?? undefined, limits: this.ruleLimits(input, options),
      }),
    'reason.relate': (input, options) =>
      relateEntitiesAsync(this.kg.db, input.a, input.b, withConventions(rulesFrom(input.packs, undefined, this.kg.db), input.convention), {
        maxHops: input.maxHops, maxPaths: input.maxPaths, schema: input.schemaRules, limits: this.ruleLimits(input, options),
      }),
    'reason.materialize': (input, options) => {
      if (input.clear && (!input.name || input.packs.length || input.rules?.trim() || input.convention)) throw new ApiError('clear takes a rule set name and no rules');
      const rules = input.clear ? [] : withConventions(rulesFrom(input.packs, input.rules, this.kg.db), input.convention);
      return materializeRulesOffThread(this.kg, rules, { name: input.name, schema: input.schemaRules && !input.clear, limits: this.ruleLimits(input, options) });
    },
    'qa.ask': (input, options) => ask(this.kg, input.question, input.llm, options, input.embedding ? { source: input.embedding, top: input.similarTop } : null, { modelFile: input.modelFile }),
    'session.list': () => this.sessions.list(),
    'session.create': (input) => this.sessions.create(input.name),
    'session.get': (input) => this.sessions.get(input.id),
    'session.rename': (input) => this.sessions.rename(input.id, input.name),
    'session.duplicate': (input) => this.sessions.duplicate(input.id),
    'session.delete': (input) => {
      this.sessions.delete(input.id);
      return { deleted: input.id };
    },
    'session.run': async (input, options) => {
      const startedAt = new Date().toISOString();
      const t0 = performance.now();
      const output = await this.call(input.call, input.input, options);
      return this.sessions.addStep(input.sessionId, {
        kind: input.call, title: input.title ?? stepTitle(input.call, input.input), input: withoutSecrets(input.input), output, startedAt, durationMs: performance.now() - t0,
      });
    },
    'session.note': (input) =>
      this.sessions.addStep(input.sessionId, { kind: 'note', title: input.text.slice(0, 120), input: { text: input.text }, output: null, startedAt: new Date().toISOString(), durationMs: 0 }),
    'session.rerun': async (input) => {
      const session = this.sessions.get(input.id);
      const reruns: StepRerun[] = [];
      for (const step of session.timeline) {
        // Training steps are not replayed: a re-run would retrain and replace the stored model.
        if (!(SESSION_STEP_CALLS as readonly string[]).includes(step.kind) || step.kind === 'model.train') continue;
        try {
          const after = await this.call(step.kind as CallName, step.input);
          reruns.push({ stepId: step.id, title: step.title, changed: stepOutputChanged(step.kind, step.output, after), before: step.output, after, error: null });
        } catch (err) {
          reruns.push({ stepId: step.id, title: step.title, changed: true, before: step.output, after: null, error: (err as Error).message });
        }
      }
      return reruns;
    },
    'session.export': (input) => {
      const session = this.sessions.get(input.id);
      const text = input.format === 'md' ? sessionMarkdown(session) : sessionHtml(session);
      const path = input.path ? resolve(input.path) : null;
      if (path) writeFileSync(path, text);
      return { format: input.format, text, path };
    },
    'feedback.add': (input) => this.feedback.add(input),
    'feedback.list': (input) => this.feedback.list(input.sessionId),
    'feedback.pairs': () => this.feedback.preferencePairs(),
    'model.list': () => listKgModels(this.kg),
    'model.predict': (input) => predictLinks(this.kg, input.model, input),
    'model.suggest': (input) => suggestLinks(this.kg, input.model, input),
    'model.review': async (input) => {
      const result = await reviewPrediction(this.kg, input.model, input);
      this.feedback.add({
        sessionId: null, stepId: null, targetKind: 'prediction', rating: input.accept ? 1 : -1, correction: null,
        target: { subject: input.subject, predicate: input.predicate, object: { key: input.object }, model: input.model, probability: result.probability, accepted: input.accept },
      });
      return result;
    },
    'model.similar': (input) => similarEntities(this.kg, input.model, input),
    'model.train': (input, options) => this.training.train(this.kg, input, options),
    'model.defaults': () => trainingDefaults(),
    'model.control': (input) => this.training.control(input.runId, input.action),
    'gnn.classify': async (input, options) => {
      const kg = this.kg;
      const { result, trained } = await classifyKgAsync(kg, input, options);
      this.gnn = { path: kg.path, trained };
      await saveGnnEmbeddings(kg, trained);
      return result;
    },
    'gnn.explain': (input) => {
      const kg = this.kg;
      if (!this.gnn || this.gnn.path !== kg.path || this.gnn.trained.fingerprint !== kgFingerprint(kg)) {
        this.gnn = { path: kg.path, trained: classifyKg(kg, { ...(this.gnn?.path === kg.path ? this.gnn.trained.options : { target: 'type' }), seeds: 1 }).trained };
      }
      if (!this.gnn.trained.data.nodeIds.includes(input.key)) throw new ApiError(`no entity "${input.key}"`, 'not-found');
      return explainKgEntity(kg, this.gnn.trained, input.key, input.limit);
    },
    'gnn.review': (input) => {
      const trained = this.lastGnn();
      return input.accept ? acceptGnnPredictions(this.kg, trained, input.items) : rejectGnnPredictions(this.kg, trained, input.items);
    },
    'gnn.acceptAbove': (input) => {
      const trained = this.lastGnn();
      return acceptGnnPredictions(this.kg, trained, unlabelledPredictionsAbove(trained, input.minConfidence));
    },
    'gnn.similar': (input) => gnnSimilarEntities(this.kg, input),
    'gnn.embeddings': () => listGnnEmbeddings(this.kg),
    'gnn.run': (input, options) => gnnRun(input, this.store, options),
    'embeddings.train': (input, options) => trainEmbeddingsRun(input, this.store, options),
    'embeddings.evaluate': (input, options) => evaluateModelFile(input, options),
    'embeddings.predict': (input) => predictWithModelFile(input, this.store),
    'rules.learn': (input, options) => learnRulesCall(input, () => this.kg, options),
    'rules.eval': (input, options) => evalRulesCall(input, options),
    'rules.answer': (input) => answerStoriesCall(input),
    'rules.review': (input) =>
      input.accept
        ? this.editor.acceptRule({ ruleSet: input.ruleSet, rule: input.rule, head: ruleHead(input.rule), stats: input.stats ?? null })
        : this.editor.rejectRule({ rule: input.rule, head: ruleHead(input.rule), stats: input.stats ?? null }),
    'rules.predict': (input) => predictWithRuleSet(this.kg, input),
    'rules.reviewPrediction': async (input) => {
      const result = await reviewRulePrediction(this.kg, input);
      this.feedback.add({
        sessionId: input.sessionId, stepId: input.stepId, targetKind: 'prediction', rating: input.accept ? 1 : -1, correction: null,
        target: { subject: input.subject, predicate: input.predicate, object: { key: input.object }, model: `rules:${input.ruleSet}`, confidence: input.confidence ?? null, accepted: input.accept },
      });
      return result;
    },
    'rules.remove': (input) => this.editor.removeRule(input),
    'rules.sets': () => ({
      sets: ruleSetNames(this.kg.db).map((name) => ({ name, rules: ruleSetRules(this.kg.db, name) })),
      rejected: [...rejectedRuleTexts(this.kg.db)],
    }),
    'embeddings.cluster': (input) => clusterEntities(this.kg, input),
    'sparql.query': async (input, options) => {
      try {
        if (input.endpoint) return await queryEndpoint(input.endpoint, input.query, { format: input.format, timeoutMs: input.timeoutMs, signal: options.signal });
        const view = { format: input.format, derived: input.derived, graphs: input.graphs };
        // Cancellable faces (server, app) and time limits: in a worker, so a long query blocks nothing else.
        if ((options.signal || input.timeoutMs) && this.kg.path !== ':memory:') return await this.sparql.query(this.kg, input.query, { ...view, timeoutMs: input.timeoutMs, signal: options.signal });
        return runSparqlQuery(this.kg, input.query, view);
      } catch (err) {
        if (err instanceof SparqlSyntaxError) throw new ApiError(err.message);
        throw err;
      }
    },
    'sparql.update': async (input) => {
      try {
        return await runSparqlUpdate(this.kg, input.update, { graphs: input.graphs });
      } catch (err) {
        if (err instanceof SparqlSyntaxError) throw new ApiError(err.message);
        throw err;
      }
    },
    'sparql.pull': (input, options) => pullFromEndpoint(this.kg, input, options),
    'sparql.publish': (input, options) => publishToEndpoint(this.kg, input, options),
    'remote.open': (input, options) => this.remotes.get(input.endpoint, input.graph).open({ timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.stats': (input, options) => this.remotes.get(input.endpoint, input.graph).stats(input.predicates, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.search': (input, options) => this.remotes.get(input.endpoint, input.graph).search(input.text, input.limit, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.overview': (input, options) =>
      this.remotes.get(input.endpoint, input.graph).overview(input.limit, input.sample, input.edges, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.neighbourhood': (input, options) =>
      this.remotes.get(input.endpoint, input.graph).neighbourhood(input.iri, input.hops, input.limit, input.frontier, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.entity': (input, options) => this.remotes.get(input.endpoint, input.graph).entity(input.iri, input.limit, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.paths': (input, options) => this.remotes.get(input.endpoint, input.graph).paths(input.from, input.to, input.limit, { timeoutMs: input.timeoutMs, signal: options.signal }),
    'remote.pull': (input, options) => pullNeighbourhood(this.kg, this.remotes.get(input.endpoint, input.graph), input, options),
  };

  /** The last gnn.classify model of the open KG (its predictions are what a review accepts or rejects). */
  private lastGnn(): TrainedKgGnn {
    if (!this.gnn || this.gnn.path !== this.kg.path) throw new ApiError('no classification to review: run gnn.classify first');
    return this.gnn.trained;
  }

  /** Plain reads of a KG file go to these worker threads (attachReadPool), off the thread that called. */
  private readPool: ReadPool | null = null;

  /** Runs plain reads (POOLED_READS) of a KG file on the pool's threads from now on; closing the service closes it. */
  attachReadPool(pool: ReadPool | null): void {
    void this.readPool?.close();
    this.readPool = pool;
  }

  /**
   * The call's result as UTF-8 JSON text: a plain read of a KG file is answered by the read pool (its SQL and the
   * serialisation off this thread), every other call runs as `call` does and is serialised here.
   */
  async callJson(name: CallName, rawInput: unknown, options: CallOptions = {}): Promise<Uint8Array | string> {
    const path = this.store?.path;
    if (this.readPool && POOLED_READS.has(name) && path && path !== ':memory:') {
      return this.readPool.run(path, name, this.parseInput(name, rawInput), options.signal);
    }
    return JSON.stringify(await this.call(name, rawInput, options)) ?? 'null';
  }

  private parseInput<N extends CallName>(name: N, rawInput: unknown): ParsedInput<N> {
    const schema = callSchemas[name];
    if (!schema) throw new ApiError(`unknown call "${String(name)}"`);
    try {
      return schema.parse(rawInput ?? {}) as ParsedInput<N>;
    } catch (err) {
      if (err instanceof ZodError) throw new ApiError(formatZodError(name, err));
      throw err;
    }
  }

  /** Validates raw input against the contract and runs the call: the single entry point of every face. */
  async call<N extends CallName>(name: N, rawInput: unknown, options: CallOptions = {}): Promise<CallResult<N>> {
    const schema = callSchemas[name];
    if (!schema) throw new ApiError(`unknown call "${String(name)}"`);
    let input: ParsedInput<N>;
    try {
      input = schema.parse(rawInput ?? {}) as ParsedInput<N>;
    } catch (err) {
      if (err instanceof ZodError) throw new ApiError(formatZodError(name, err));
      throw err;
    }
    const run = (): Promise<CallResult<N>> | CallResult<N> => (this.handlers[name] as Handler<N>)(input, options);
    return COMMITTED_READS.has(name) ? committedReadScope.run(true, run) : run();
  }

  close(): void {
    this.attachReadPool(null);
    this.sparql.close();
    this.store?.close();
    this.store = null;
  }
}
