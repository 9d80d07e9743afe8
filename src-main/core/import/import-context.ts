import type { BadLine, ImportFormat, ProgressEvent, Split } from '../../contract/types.js';
import type { TripleWriter } from '../store/triple-writer.js';
import { ImportError } from './import-error.js';

/** How a delimited (TSV/CSV) file's columns map onto triples. Columns are header names or 0-based indexes. */
export interface ColumnMapping {
  subject?: string | number;
  predicate?: string | number;
  object?: string | number;
  /** Used for every row when the file has no predicate column. */
  constantPredicate?: string;
  confidence?: string | number;
  /** Extra columns stored as properties of each triple; defaults to every unmapped column when there is a header. */
  properties?: Array<string | number>;
}

export interface ImportOptions {
  format?: ImportFormat;
  /** true / false forces it; undefined detects a header row by its column names. */
  header?: boolean;
  mapping?: ColumnMapping;
  /** Skip and report bad lines instead of stopping at the first one. */
  skipBad?: boolean;
  /** Split to give every triple of a plain file (benchmark folders set it per file). */
  split?: Split;
  maxLineBytes?: number;
  /** Entity tables only describe entities the KG already has (a benchmark folder's names file). */
  labelsOnly?: boolean;
}

export interface ImportContext {
  file: string;
  /** The name shown in messages and provenance (an uploaded file's own name, not its temp path). */
  displayName: string;
  writer: TripleWriter;
  options: ImportOptions;
  signal?: AbortSignal;
  progress: (event: ProgressEvent) => void;
  skipped: BadLine[];
}

/** Reports a bad line: stops the import (default), or records it and goes on under --skip-bad. */
export function reportBadLine(ctx: ImportContext, line: number | null, problem: string): void {
  if (!ctx.options.skipBad || line === null) throw new ImportError(ctx.displayName, line, problem);
  if (ctx.skipped.length < 10_000) ctx.skipped.push({ file: ctx.displayName, line, message: problem });
}

export interface FormatImporter {
  /** Reads the file into ctx.writer; returns how many triples were read (before de-duplication). */
  (ctx: ImportContext): Promise<number>;
}
