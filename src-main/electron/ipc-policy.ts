// What the Electron window may ask of the main process, decided without Electron so it can be tested: which frames
// are ours, which calls the renderer uses, which file paths it may name, which secrets it may read.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallName } from '../contract/api.js';

/**
 * The calls the renderer makes (directly or as a reasoning-session step); everything else the API offers (export to
 * an arbitrary path, SPARQL updates, rule evaluation on benchmark folders…) stays with the CLI and `relata serve`.
 * A test checks this list against the renderer's code both ways, so it stays exactly as wide as the UI.
 */
export const RENDERER_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'edit.history', 'edit.redo', 'edit.undo',
  'embeddings.cluster',
  'entity.create', 'entity.delete', 'entity.duplicates', 'entity.get', 'entity.merge', 'entity.search', 'entity.update',
  'feedback.add', 'feedback.list', 'feedback.pairs',
  'findings.explain',
  'gnn.acceptAbove', 'gnn.classify', 'gnn.embeddings', 'gnn.explain', 'gnn.review', 'gnn.similar',
  'graph.among', 'graph.neighbourhood', 'graph.overview', 'graph.paths', 'graph.positions.get', 'graph.positions.save',
  'kg.import', 'kg.info', 'kg.open', 'kg.recent', 'kg.save', 'kg.stats',
  'model.control', 'model.defaults', 'model.list', 'model.similar', 'model.train',
  'qa.ask',
  'reason.packs', 'reason.query', 'reason.relate',
  'remote.entity', 'remote.neighbourhood', 'remote.open', 'remote.overview', 'remote.pull', 'remote.search',
  'rules.learn', 'rules.predict', 'rules.remove', 'rules.review', 'rules.reviewPrediction', 'rules.sets',
  'schema.entities', 'schema.get', 'schema.triples',
  'session.create', 'session.delete', 'session.duplicate', 'session.export', 'session.get', 'session.list', 'session.note',
  'session.rename', 'session.rerun', 'session.run',
  'sparql.query',
  'triple.accept', 'triple.add', 'triple.delete',
]);

/** Secrets the renderer may read or write by name (the LLM endpoint's API key); any other name is refused. */
export const SECRET_NAMES: ReadonlySet<string> = new Set(['llm-api-key']);

/**
 * Whether an IPC message comes from our own page: the top frame showing the bundled renderer's index.html (a file:
 * URL), never an iframe, a navigated-away page or a remote origin.
 */
export function isTrustedFrame(frame: { url: string; parent: unknown } | null | undefined, rendererIndex: string): boolean {
  if (!frame || frame.parent) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (url.protocol !== 'file:') return false;
  try {
    return resolve(fileURLToPath(url)) === resolve(rendererIndex);
  } catch {
    return false;
  }
}

/**
 * File paths the renderer may name in a call: those the user chose in this session (the main process's own open/save
 * dialogs, or a file dropped or picked in the page, whose path the preload script reads from the File itself), the
 * KG the app opened with, and KGs in the recent-files list the main process reads from the core. A compromised page
 * can therefore not open, import or write any other file.
 */
export class PathGrants {
  private readonly granted = new Set<string>();

  grant(...paths: string[]): void {
    for (const p of paths) if (typeof p === 'string' && p.trim()) this.granted.add(resolve(p));
  }

  has(path: string): boolean {
    return this.granted.has(resolve(path));
  }
}

/** The file paths a call's input names (kg.open's KG, kg.import's files, session.export's report file). */
export function pathsInCall(call: string, input: unknown): string[] {
  const record = (input ?? {}) as Record<string, unknown>;
  const paths: string[] = [];
  if ((call === 'kg.open' || call === 'kg.export' || call === 'session.export') && typeof record.path === 'string') paths.push(record.path);
  if (call === 'kg.import' && Array.isArray(record.files)) {
    for (const f of record.files) {
      const path = (f as Record<string, unknown> | null)?.path;
      if (typeof path === 'string') paths.push(path);
    }
  }
  return paths;
}

/**
 * Why a call from the window is refused, or null when it may go to the core: a call the UI does not make, or a
 * file path the user did not choose.
 */
export function refuseCall(call: unknown, input: unknown, grants: PathGrants): string | null {
  if (typeof call !== 'string' || !RENDERER_CALLS.has(call as CallName)) return `The desktop window may not make the call ${JSON.stringify(String(call)).slice(0, 80)}`;
  const stranger = pathsInCall(call, input).find((p) => !grants.has(p));
  if (stranger !== undefined) return `The desktop window may only name files chosen in a dialog or dropped on it, not ${JSON.stringify(stranger.slice(0, 300))}`;
  return null;
}
