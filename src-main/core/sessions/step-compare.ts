/**
 * Whether a re-run step answered differently: the outputs compared without what only says how long the run took
 * (a SPARQL result's load and query times), so a re-run against an unchanged KG reads "same".
 */
export function stepOutputChanged(kind: string, before: unknown, after: unknown): boolean {
  return JSON.stringify(comparable(kind, after)) !== JSON.stringify(comparable(kind, before));
}

function comparable(kind: string, output: unknown): unknown {
  if (kind === 'sparql.query' && output && typeof output === 'object') {
    const { loadMs: _load, queryMs: _query, ...answer } = output as Record<string, unknown>;
    return answer;
  }
  return output;
}
