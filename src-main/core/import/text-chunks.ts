import { createReadStream, statSync } from 'node:fs';
import { ImportError } from './import-error.js';
import { throwIfCancelled } from '../run/cancelled-error.js';

export interface TextChunkOptions {
  /** A line longer than this is refused before it is buffered (guards against a 1 GB line). */
  maxLineBytes?: number;
  signal?: AbortSignal;
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Byte offset of the first byte that breaks UTF-8 in `buf` (the fatal decoder only says that one does). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= buf.length) return -1; // a character cut by the end of the buffer, not (yet) an error
      if ((buf[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

function countNewlines(buf: Uint8Array, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Streams a file as UTF-8 text chunks, failing with `FILE:LINE:` on invalid UTF-8 or an over-long line, and
 * checking for cancellation between chunks. A leading BOM is dropped. Memory stays bounded by the chunk size.
 */
export async function* readTextChunks(file: string, options: TextChunkOptions = {}): AsyncGenerator<string> {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const total = statSync(file).size;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let line = 1;
  let lineBytes = 0;
  let read = 0;
  let pending: Uint8Array = new Uint8Array(0);
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const raw of stream) {
      throwIfCancelled(options.signal);
      const chunk = raw as Buffer;
      read += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const joined = Buffer.concat([pending, chunk]);
        const bad = firstInvalidUtf8(joined);
        const at = line + countNewlines(joined, bad < 0 ? joined.length : bad);
        throw new ImportError(file, at, `invalid UTF-8 (byte 0x${joined[Math.max(bad, 0)].toString(16).padStart(2, '0')})`);
      }
      // Keep the unterminated tail so a decode error in the next chunk can be placed precisely.
      const lastNl = chunk.lastIndexOf(10);
      pending = lastNl === -1 ? Buffer.concat([pending, chunk]).subarray(-8) : chunk.subarray(lastNl + 1);
      let from = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) {
        if (lineBytes + (nl - from) > maxLine) break;
        lineBytes = 0;
        from = nl + 1;
        line++;
      }
      lineBytes += chunk.length - from;
      if (lineBytes > maxLine) {
        throw new ImportError(file, line, `line longer than ${Math.round(maxLine / 1048576)} MiB; not a line-oriented text file?`);
      }
      options.onBytes?.(read, total);
      if (text.length > 0) yield text;
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch (err) {
    if (err instanceof TypeError && /encoded data was not valid/i.test(err.message)) {
      throw new ImportError(file, line, 'invalid UTF-8 at end of file (truncated multi-byte character)');
    }
    throw err;
  } finally {
    stream.destroy();
  }
}
