/** The CLI's commands, grouped by task for `relata --help`. */
import type { Command } from 'commander';
import { register as registerImport } from './import.js';
import { register as registerExport } from './export.js';
import { register as registerStats } from './stats.js';
import { register as registerSearch } from './search.js';
import { register as registerPaths } from './paths.js';
import { register as registerServe } from './serve.js';
import { register as registerHost } from './host.js';
import { register as registerDemo } from './demo.js';
import { register as registerExplainFindings } from './explain-findings.js';
import { register as registerAsk } from './ask.js';
import { register as registerSession } from './session.js';
import { register as registerFeedback } from './feedback.js';
import { register as registerGnn } from './gnn.js';
import { register as registerQuery } from './query.js';
import { register as registerMaterialize } from './materialize.js';
import { register as registerRelate } from './relate.js';
import { register as registerTrain } from './train.js';
import { register as registerEval } from './eval.js';
import { register as registerPredict } from './predict.js';
import { register as registerModels } from './models.js';
import { register as registerSuggest } from './suggest.js';
import { register as registerSimilar } from './similar.js';
import { register as registerCluster } from './cluster.js';
import { register as registerSparql } from './sparql.js';
import { register as registerPull } from './pull.js';
import { register as registerPublish } from './publish.js';
import { register as registerRules } from './rules.js';
import { register as registerSchema } from './schema.js';
import { register as registerOverview } from './overview.js';
import { register as registerOpenRemote } from './open-remote.js';

/** Every CLI command by task, in the order `relata --help` lists them. One file per command. */
export const commandGroups: Array<{ heading: string; commands: Array<(program: Command) => void> }> = [
  { heading: 'Build a KG:', commands: [registerImport, registerExport, registerPull, registerPublish] },
  { heading: 'See what is in it:', commands: [registerStats, registerSearch, registerSchema, registerOverview, registerPaths, registerOpenRemote] },
  { heading: 'Reason:', commands: [registerQuery, registerMaterialize, registerRelate, registerSparql, registerRules, registerExplainFindings, registerAsk] },
  { heading: 'Learn:', commands: [registerTrain, registerEval, registerPredict, registerModels, registerSuggest, registerSimilar, registerGnn, registerCluster] },
  { heading: 'Sessions and feedback:', commands: [registerSession, registerFeedback] },
  { heading: 'Serve:', commands: [registerServe, registerHost, registerDemo] },
];
