import { statSync } from 'node:fs';
import type { ImportContext } from './import-context.js';
import { ImportError } from './import-error.js';
import { readTextChunks } from './text-chunks.js';

/** Formats that need the whole document at once (JSON-LD, GraphML, GEXF) are capped at this size. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** Reads a whole document as validated UTF-8 text (same checks and progress as the streaming formats). */
export async function readWholeText(ctx: ImportContext): Promise<string> {
  const size = statSync(ctx.file).size;
  if (size > MAX_DOCUMENT_BYTES) {
    throw new ImportError(ctx.displayName, null, `${Math.round(size / 1048576)} MiB is more than this format can load at once (512 MiB)`);
  }
  const parts: string[] = [];
  for await (const chunk of readTextChunks(ctx.file, {
    maxLineBytes: Number.POSITIVE_INFINITY,
    signal: ctx.signal,
    onBytes: (done, total) => ctx.progress({ phase: `reading ${ctx.displayName}`, done, total, unit: 'bytes' }),
  })) {
    parts.push(chunk);
  }
  const text = parts.join('');
  if (text.trim() === '') throw new ImportError(ctx.displayName, null, 'empty file');
  return text;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
