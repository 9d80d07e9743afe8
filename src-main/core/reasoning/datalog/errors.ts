import type { SourcePos } from './ast.js';

/** A Datalog error located in the source: syntax, unsafe variable, unstratifiable negation. */
export class DatalogError extends Error {
  constructor(
    readonly reason: string,
    readonly pos: SourcePos,
  ) {
    super(`${pos.file ? `${pos.file}:` : ''}line ${pos.line}, column ${pos.column}: ${reason}`);
    this.name = 'DatalogError';
  }
}

/** A located warning (e.g. a body predicate that has no rules, facts or KG triples). */
export interface DatalogWarning {
  message: string;
  pos: SourcePos;
}

export function formatWarning(w: DatalogWarning): string {
  return `${w.pos.file ? `${w.pos.file}:` : ''}line ${w.pos.line}, column ${w.pos.column}: warning: ${w.message}`;
}
