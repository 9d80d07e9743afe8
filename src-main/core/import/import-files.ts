import { basename, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { FileImportResult, ImportFormat, Split } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { BadKeyError, TripleWriter } from '../store/triple-writer.js';
import type { FormatImporter, ImportContext, ImportOptions } from './import-context.js';
import { benchmarkFiles, ENTITY_NAME_FILES, namesFile, notABenchmark, RELATION_NAME_FILES } from './benchmark-folder.js';
import { importDelimited } from './delimited.js';
import { detectFormat } from './formats.js';
import { importGraphXml } from './graph-xml.js';
import { ImportError } from './import-error.js';
import type { RunOptions } from '../run/run-options.js';
import { throttleProgress } from '../run/throttle-progress.js';
import { importJsonLd } from './jsonld.js';
import { importRdf } from './rdf.js';
import { readTsvRecords } from './tsv-records.js';

export interface ImportSource {
  path: string;
  /** Name used in messages and provenance; defaults to the file's base name. */
  name?: string;
}

const IMPORTERS: Record<Exclude<ImportFormat, 'benchmark'>, FormatImporter> = {
  tsv: (ctx) => importDelimited(ctx, '\t'),
  csv: (ctx) => importDelimited(ctx, ','),
  nt: (ctx) => importRdf(ctx, 'N-Triples'),
  nq: (ctx) => importRdf(ctx, 'N-Quads'),
  ttl: (ctx) => importRdf(ctx, 'Turtle'),
  trig: (ctx) => importRdf(ctx, 'TriG'),
  jsonld: importJsonLd,
  graphml: (ctx) => importGraphXml(ctx, 'graphml'),
  gexf: (ctx) => importGraphXml(ctx, 'gexf'),
};

/** Labels a benchmark's entities and relations from its names files, when it has them (never adds entities). */
function labelBenchmark(ctx: ImportContext, dir: string): void {
  const relations = namesFile(dir, RELATION_NAME_FILES);
  if (relations) {
    for (const { record: [key, text] } of readTsvRecords(relations)) {
      if (key && text) ctx.writer.labelPredicate(key, text.trim());
    }
  }
}

/**
 * Imports files into the KG as one transaction: every file lands, or (on a bad line, an unreadable file or Cancel)
 * none does and the KG is exactly as it was.
 */
export async function importFiles(
  store: KgStore,
  sources: ImportSource[],
  options: ImportOptions = {},
  run: RunOptions = {},
): Promise<FileImportResult[]> {
  if (sources.length === 0) throw new Error('no files to import');
  for (const source of sources) {
    if (!existsSync(source.path)) throw new ImportError(source.name ?? source.path, null, 'no such file or folder');
  }
  const progress = throttleProgress(run.onProgress);
  return store.write(async () => {
    const results: FileImportResult[] = [];
    for (const source of sources) {
      const format = options.format ?? detectFormat(source.path);
      if (format !== 'benchmark' && statSync(source.path).isDirectory()) throw new ImportError(source.name ?? source.path, null, notABenchmark(source.path));
      const names = format === 'benchmark' ? namesFile(source.path, ENTITY_NAME_FILES) : null;
      const parts: Array<{ file: string; split: Split | undefined; format: Exclude<ImportFormat, 'benchmark'>; labelsOnly?: boolean }> =
        format === 'benchmark'
          ? [
              ...benchmarkFiles(source.path).map(({ split, file }) => ({ file, split, format: 'tsv' as const })),
              ...(names ? [{ file: names, split: undefined, format: 'tsv' as const, labelsOnly: true }] : []),
            ]
          : [{ file: source.path, split: options.split, format }];
      for (const part of parts) {
        const started = performance.now();
        const displayName = format === 'benchmark' ? part.file : (source.name ?? source.path);
        const writer = new TripleWriter(store, {
          kind: 'file',
          name: basename(displayName),
          detail: { path: source.name ? source.name : resolve(part.file), format: part.format, split: part.split ?? null },
        });
        const ctx: ImportContext = {
          file: part.file,
          displayName,
          writer,
          options: { ...options, split: part.split, labelsOnly: part.labelsOnly },
          signal: run.signal,
          progress,
          skipped: [],
        };
        let read: number;
        try {
          read = await IMPORTERS[part.format](ctx);
        } catch (err) {
          // A bad key from a format that does not know its line: still named by its file.
          if (err instanceof BadKeyError) throw new ImportError(displayName, null, err.message);
          throw err;
        }
        writer.finish();
        if (format === 'benchmark' && part === parts.at(-1)) labelBenchmark(ctx, source.path);
        results.push({
          file: displayName,
          format: part.format,
          read,
          added: writer.added,
          duplicates: writer.duplicates,
          skipped: ctx.skipped,
          seconds: (performance.now() - started) / 1000,
        });
      }
    }
    return results;
  }, {
    signal: run.signal,
    label: 'import',
    // Waiting for another process's write is shown as progress (the UI's import panel, the CLI's progress line).
    onWait: run.onProgress ? (message) => run.onProgress!({ phase: message, done: 0, unit: 'items' }) : undefined,
  });
}
