/**
 * A set of tuples of interned value ids, stored row-major in one Int32Array. Rows are append-only, so a
 * row range [lo, hi) is a stable "delta" for semi-naive evaluation.
 *
 * Lookups go through HashIndex: open addressing over row ids (no key objects, nothing for the GC), one
 * unique index on all columns for set semantics, and one chained index per set of bound columns, built
 * on first use and caught up lazily as rows are appended.
 */

const EMPTY = -1;

function hashValues(values: ArrayLike<number>, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ values[i], 0x9e3779b1);
    h ^= h >>> 15;
  }
  return Math.imul(h ^ (h >>> 13), 0x85ebca77) >>> 0;
}

/** Maps the values of some columns to rows: the first row with those values, and a chain through `next`. */
export class HashIndex {
  /** Slot → head row of the chain of rows with one key, or EMPTY. */
  private slots: Int32Array;
  /** Slot → hash of its key, so probes compare hashes before columns and growing never rehashes rows. */
  private hashes: Int32Array;
  private mask: number;
  private keys = 0;
  /** Row → next row with the same key (older), or EMPTY. Unused by unique indexes. */
  next: Int32Array;
  upTo = 0;
  private readonly n: number;
  private readonly rowBuf: Int32Array;

  constructor(
    private readonly rel: Relation,
    readonly cols: Int32Array,
    readonly unique: boolean,
  ) {
    this.n = cols.length;
    this.slots = new Int32Array(64).fill(EMPTY);
    this.hashes = new Int32Array(64);
    this.mask = 63;
    this.next = new Int32Array(unique ? 0 : 64);
    this.rowBuf = new Int32Array(Math.max(cols.length, 1));
  }

  /** Slot holding `key` (values in `cols` order), or the empty slot where it would go. */
  private slotOf(key: ArrayLike<number>, h: number): number {
    const { cols, n } = this;
    const data = this.rel.data;
    const a = this.rel.arity;
    let s = h & this.mask;
    for (;;) {
      const row = this.slots[s];
      if (row === EMPTY) return s;
      if (this.hashes[s] === h) {
        const base = row * a;
        let same = true;
        for (let k = 0; k < n; k++) if (data[base + cols[k]] !== key[k]) { same = false; break; }
        if (same) return s;
      }
      s = (s + 1) & this.mask;
    }
  }

  /** Head row for the key, or EMPTY. Caller must have caught the index up (Relation.index does). */
  first(key: ArrayLike<number>): number {
    return this.slots[this.slotOf(key, hashValues(key, this.n) | 0)];
  }

  /** Adds a row; for a unique index returns the existing row with the same key instead (and adds nothing). */
  add(row: number): number {
    const a = this.rel.arity;
    const data = this.rel.data;
    const buf = this.rowBuf;
    for (let k = 0; k < this.n; k++) buf[k] = data[row * a + this.cols[k]];
    const h = hashValues(buf, this.n) | 0;
    const s = this.slotOf(buf, h);
    const head = this.slots[s];
    if (this.unique) {
      if (head !== EMPTY) return head;
    } else {
      if (row >= this.next.length) {
        const grown = new Int32Array(Math.max(this.next.length * 2, row + 1));
        grown.set(this.next);
        this.next = grown;
      }
      this.next[row] = head;
    }
    this.slots[s] = row;
    this.hashes[s] = h;
    if (head === EMPTY && ++this.keys * 2 > this.slots.length) this.grow();
    return EMPTY;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(EMPTY);
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const row = oldSlots[i];
      if (row === EMPTY) continue;
      const h = oldHashes[i];
      let s = h & this.mask;
      while (this.slots[s] !== EMPTY) s = (s + 1) & this.mask;
      this.slots[s] = row;
      this.hashes[s] = h;
    }
  }
}

export class Relation {
  data: Int32Array;
  size = 0;
  private readonly set: HashIndex;
  private readonly indexes = new Map<number, HashIndex>();
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
    this.set = new HashIndex(this, Int32Array.from({ length: arity }, (_, i) => i), true);
  }

  get id(): string {
    return `${this.name}/${this.arity}`;
  }

  /** Row of the tuple, or -1. */
  find(tuple: ArrayLike<number>): number {
    return this.set.first(tuple);
  }

  /** Appends the tuple unless present; returns the new row, or -1 when it was there already. */
  insert(tuple: ArrayLike<number>, deriv = -1, tag = NaN): number {
    const row = this.size;
    const a = this.arity;
    if ((row + 1) * a > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    for (let i = 0; i < a; i++) this.data[row * a + i] = tuple[i];
    if (this.set.add(row) !== -1) return -1; // already present: the written row is simply not counted
    if (row >= this.deriv.length) {
      const d = new Int32Array(this.deriv.length * 2);
      d.set(this.deriv);
      this.deriv = d;
      const t = new Float64Array(this.tags.length * 2);
      t.set(this.tags);
      this.tags = t;
    }
    this.deriv[row] = deriv;
    this.tags[row] = tag;
    this.size = row + 1;
    return row;
  }

  /** The index over the columns in `mask` (bit i = column i), caught up to the current size. */
  index(mask: number, cols: Int32Array): HashIndex {
    let idx = this.indexes.get(mask);
    if (!idx) {
      idx = new HashIndex(this, cols, false);
      this.indexes.set(mask, idx);
    }
    while (idx.upTo < this.size) idx.add(idx.upTo++);
    return idx;
  }

  tuple(row: number): number[] {
    const a = this.arity;
    return Array.from(this.data.subarray(row * a, row * a + a));
  }
}

/**
 * Derivation log: for each derived row, the rule that first derived it and its premise rows.
 * Premises are stored flat as (relation number, row) pairs from `start[d]` to `start[d+1]`, in growable Int32Arrays.
 */
export class Derivations {
  rule: Int32Array = new Int32Array(1024);
  start: Int32Array = new Int32Array(1025);
  premRel: Int32Array = new Int32Array(2048);
  premRow: Int32Array = new Int32Array(2048);
  count = 0;
  private used = 0;

  add(rule: number, rels: ArrayLike<number>, rows: ArrayLike<number>, n: number): number {
    const d = this.count++;
    if (d + 2 > this.start.length) {
      this.rule = grow(this.rule, this.rule.length * 2);
      this.start = grow(this.start, this.start.length * 2);
    }
    if (this.used + n > this.premRel.length) {
      const size = Math.max(this.premRel.length * 2, this.used + n);
      this.premRel = grow(this.premRel, size);
      this.premRow = grow(this.premRow, size);
    }
    this.rule[d] = rule;
    for (let i = 0; i < n; i++) {
      this.premRel[this.used + i] = rels[i];
      this.premRow[this.used + i] = rows[i];
    }
    this.used += n;
    this.start[d + 1] = this.used;
    return d;
  }

  /** Bytes the log holds: rule and start per derivation, relation and row per premise. */
  bytes(): number {
    return this.count * 8 + this.used * 8;
  }

  premises(d: number): Array<{ rel: number; row: number }> {
    const out = [];
    for (let i = this.start[d]; i < this.start[d + 1]; i++) out.push({ rel: this.premRel[i], row: this.premRow[i] });
    return out;
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
