import { parentPort, workerData } from 'node:worker_threads';
import { KgStore } from './kg-store.js';
import { computeKgSchema } from './kg-schema.js';
import { applySchemaChanges, buildMark, buildSchemaCounts, installBuilt, readSchemaState, rebuildSchemaCounts, startRebuild } from './kg-schema-state.js';

/**
 * A KG file's schema work off the service's event loop, on a connection of its own:
 *   compute  the whole schema on a read-only connection, kept nowhere (a read-only file);
 *   build    the kept counts from one read snapshot, the write lock held only to mark the start and store them;
 *   apply    a large change applied to the kept counts in one write transaction.
 */
const { path, mode } = workerData as { path: string; mode: 'compute' | 'build' | 'apply' };

async function run(): Promise<unknown> {
  if (mode === 'compute') {
    const kg = KgStore.open(path, { mustExist: true, readonly: true });
    try {
      return { schema: computeKgSchema(kg.db) };
    } finally {
      kg.close();
    }
  }
  const kg = KgStore.open(path, { mustExist: true });
  try {
    const db = kg.db;
    if (mode === 'build') {
      const token = await kg.write(() => startRebuild(db), { label: 'schema' });
      const mark = db.transaction(() => {
        const at = buildMark(db);
        buildSchemaCounts(db);
        return at;
      }).deferred();
      // Another process's later build wins; this one's counts are then dropped.
      await kg.write(() => installBuilt(db, mark, token), { label: 'schema' });
    } else {
      await kg.write(() => {
        const state = readSchemaState(db);
        if (state?.ready) applySchemaChanges(db, state);
        else rebuildSchemaCounts(db);
      }, { label: 'schema' });
    }
    return { ok: true };
  } finally {
    kg.close();
  }
}

try {
  parentPort!.postMessage(await run());
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
