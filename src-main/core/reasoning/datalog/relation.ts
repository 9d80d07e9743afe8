/**
 * A set of tuples of interned value ids, stored row-major in one Int32Array, with hash indexes on any
 * set of bound columns built on first use and caught up lazily as rows are appended. Rows are never
 * removed, so a row range [lo, hi) is a stable "delta" for semi-naive evaluation.
 */

const PAIR = 67108864; // 2^26: ids stay below it, so two ids pack exactly into one double.

export type RowKey = number | string;

export function tupleKey(values: ArrayLike<number>, cols: ArrayLike<number>): RowKey {
  const n = cols.length;
  if (n === 0) return 0;
  if (n === 1) return values[cols[0]];
  if (n === 2) return values[cols[0]] * PAIR + values[cols[1]];
  let s = String(values[cols[0]]);
  for (let i = 1; i < n; i++) s += ',' + values[cols[i]];
  return s;
}

interface Index {
  cols: Int32Array;
  map: Map<RowKey, number[]>;
  upTo: number;
}

export class Relation {
  data: Int32Array;
  size = 0;
  private readonly allCols: Int32Array;
  private readonly rows = new Map<RowKey, number>();
  private readonly indexes = new Map<number, Index>();
  /** Per row: derivation id (see Derivations), or -1 for a base fact. */
  deriv: Int32Array;
  /** Per base row: caller's tag (e.g. a KG triple id), NaN when none. */
  tags: Float64Array;

  constructor(
    readonly name: string,
    readonly arity: number,
  ) {
    this.data = new Int32Array(Math.max(arity, 1) * 64);
    this.deriv = new Int32Array(64);
    this.tags = new Float64Array(64);
    this.allCols = Int32Array.from({ length: arity }, (_, i) => i);
  }

  get id(): string {
    return `${this.name}/${this.arity}`;
  }

  /** Row of the tuple, or -1. */
  find(tuple: ArrayLike<number>): number {
    return this.rows.get(tupleKey(tuple, this.allCols)) ?? -1;
  }

  /** Appends the tuple unless present; returns the new row, or -1 when it was there already. */
  insert(tuple: ArrayLike<number>, deriv = -1, tag = NaN): number {
    const key = tupleKey(tuple, this.allCols);
    if (this.rows.has(key)) return -1;
    const row = this.size++;
    const a = this.arity;
    if ((row + 1) * a > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    if (row >= this.deriv.length) {
      const d = new Int32Array(this.deriv.length * 2);
      d.set(this.deriv);
      this.deriv = d;
      const t = new Float64Array(this.tags.length * 2);
      t.set(this.tags);
      this.tags = t;
    }
    for (let i = 0; i < a; i++) this.data[row * a + i] = tuple[i];
    this.deriv[row] = deriv;
    this.tags[row] = tag;
    this.rows.set(key, row);
    return row;
  }

  /** Rows whose columns in `mask` equal `key` (a tupleKey of those columns); caught up to the current size. */
  lookup(mask: number, cols: Int32Array, key: RowKey): number[] | undefined {
    let idx = this.indexes.get(mask);
    if (!idx) {
      idx = { cols, map: new Map(), upTo: 0 };
      this.indexes.set(mask, idx);
    }
    if (idx.upTo < this.size) this.catchUp(idx);
    return idx.map.get(key);
  }

  private catchUp(idx: Index): void {
    const a = this.arity;
    const cols = idx.cols;
    const data = this.data;
    for (let row = idx.upTo; row < this.size; row++) {
      const base = row * a;
      let key: RowKey;
      if (cols.length === 1) key = data[base + cols[0]];
      else if (cols.length === 2) key = data[base + cols[0]] * PAIR + data[base + cols[1]];
      else key = tupleKey(data.subarray(base, base + a), cols);
      const list = idx.map.get(key);
      if (list) list.push(row);
      else idx.map.set(key, [row]);
    }
    idx.upTo = this.size;
  }

  tuple(row: number): number[] {
    const a = this.arity;
    return Array.from(this.data.subarray(row * a, row * a + a));
  }
}

/**
 * Derivation log: for each derived row, the rule that first derived it and its premise rows.
 * Premises are stored flat as (relation number, row) pairs from `start[d]` to `start[d+1]`.
 */
export class Derivations {
  rule: number[] = [];
  start: number[] = [0];
  premRel: number[] = [];
  premRow: number[] = [];

  add(rule: number, rels: ArrayLike<number>, rows: ArrayLike<number>, n: number): number {
    const d = this.rule.length;
    this.rule.push(rule);
    for (let i = 0; i < n; i++) {
      this.premRel.push(rels[i]);
      this.premRow.push(rows[i]);
    }
    this.start.push(this.premRel.length);
    return d;
  }

  premises(d: number): Array<{ rel: number; row: number }> {
    const out = [];
    for (let i = this.start[d]; i < this.start[d + 1]; i++) out.push({ rel: this.premRel[i], row: this.premRow[i] });
    return out;
  }
}
