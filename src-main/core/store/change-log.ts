/**
 * The change log (`change_log`): each edit's ops forward and inverted, so Undo/Redo replay it, also after reopening
 * the KG. Rows with `undone = 1` are the redo list; a new edit drops them.
 */
import type { ChangeOp } from './change-ops.js';
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

export interface ChangeLogEntry {
  id: number;
  kind: string;
  summary: string;
  /** The ops as the edit applied them. */
  forward: ChangeOp[];
  /** The inverse ops in reverse order: applying them undoes the edit. */
  backward: ChangeOp[];
}

/** Logs an applied edit (the caller holds the write transaction) and returns its id; the redo list is dropped. */
export function recordChange(db: DatabaseHandle, kind: string, summary: string, forward: ChangeOp[], backward: ChangeOp[]): number {
  prepared(db, 'DELETE FROM change_log WHERE undone = 1').run();
  const info = prepared(db, 'INSERT INTO change_log(at, kind, forward, backward) VALUES (?, ?, ?, ?)')
    .run(new Date().toISOString(), kind, JSON.stringify({ summary, ops: forward }), JSON.stringify(backward));
  return Number(info.lastInsertRowid);
}

/** The change Undo would revert (the latest not undone) or Redo would reapply (the earliest undone). */
export function nextChange(db: DatabaseHandle, direction: 'undo' | 'redo'): ChangeLogEntry | undefined {
  const row = (direction === 'undo'
    ? prepared(db, 'SELECT id, kind, forward, backward FROM change_log WHERE undone = 0 ORDER BY id DESC LIMIT 1').get()
    : prepared(db, 'SELECT id, kind, forward, backward FROM change_log WHERE undone = 1 ORDER BY id ASC LIMIT 1').get()) as
    | { id: number; kind: string; forward: string; backward: string }
    | undefined;
  if (!row) return undefined;
  const forward = JSON.parse(row.forward) as { summary: string; ops: ChangeOp[] };
  return { id: row.id, kind: row.kind, summary: forward.summary, forward: forward.ops, backward: JSON.parse(row.backward) as ChangeOp[] };
}

export function markUndone(db: DatabaseHandle, id: number, undone: boolean): void {
  prepared(db, 'UPDATE change_log SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
}

/** The latest `limit` changes, newest first. */
export function changeHistory(db: DatabaseHandle, limit: number): Array<{ id: number; at: string; kind: string; summary: string; undone: boolean }> {
  return (prepared(db, 'SELECT id, at, kind, forward, undone FROM change_log ORDER BY id DESC LIMIT ?').all(limit) as Array<{
    id: number; at: string; kind: string; forward: string; undone: number;
  }>).map((r) => ({ id: r.id, at: r.at, kind: r.kind, summary: (JSON.parse(r.forward) as { summary: string }).summary, undone: r.undone === 1 }));
}
