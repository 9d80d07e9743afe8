import type { Value } from './ast.js';

const SYM = 0;
const STR = 1;
const NUM = 2;

/** Largest id the relation keys can pack two-per-number (2^26). */
export const MAX_VALUE_ID = 1 << 26;

/**
 * Interns constants to dense integer ids so that the evaluation kernel joins over Int32Arrays.
 * Order used by comparisons: numbers (by value) < symbols < strings (each by code units), as SWI-Prolog's standard order.
 */
export class ValueTable {
  private readonly syms = new Map<string, number>();
  private readonly strs = new Map<string, number>();
  private readonly nums = new Map<number, number>();
  private kinds = new Uint8Array(1024);
  private readonly payload: Array<string | number> = [];

  get size(): number {
    return this.payload.length;
  }

  intern(v: Value): number {
    switch (v.kind) {
      case 'sym': return this.internIn(this.syms, SYM, v.text);
      case 'str': return this.internIn(this.strs, STR, v.text);
      case 'num': return this.internIn(this.nums, NUM, v.value === 0 ? 0 : v.value); // -0 and 0 are one value
    }
  }

  sym(text: string): number {
    return this.internIn(this.syms, SYM, text);
  }
  num(value: number): number {
    return this.internIn(this.nums, NUM, value === 0 ? 0 : value);
  }

  /** The id of a constant if it was interned already, else -1 (a constant no fact mentions). */
  lookup(v: Value): number {
    const m = v.kind === 'sym' ? this.syms : v.kind === 'str' ? this.strs : this.nums;
    return (m as Map<string | number, number>).get(v.kind === 'num' ? v.value : v.text) ?? -1;
  }

  private internIn<K extends string | number>(map: Map<K, number>, kind: number, key: K): number {
    let id = map.get(key);
    if (id === undefined) {
      id = this.payload.length;
      if (id >= MAX_VALUE_ID) throw new Error(`too many distinct constants (more than ${MAX_VALUE_ID})`);
      if (id >= this.kinds.length) {
        const grown = new Uint8Array(this.kinds.length * 2);
        grown.set(this.kinds);
        this.kinds = grown;
      }
      this.kinds[id] = kind;
      this.payload.push(key);
      map.set(key, id);
    }
    return id;
  }

  value(id: number): Value {
    const k = this.kinds[id];
    const p = this.payload[id];
    return k === NUM ? { kind: 'num', value: p as number } : { kind: k === SYM ? 'sym' : 'str', text: p as string };
  }

  isNumber(id: number): boolean {
    return this.kinds[id] === NUM;
  }
  numberOf(id: number): number {
    return this.payload[id] as number;
  }

  compare(a: number, b: number): number {
    if (a === b) return 0;
    const ka = this.kinds[a];
    const kb = this.kinds[b];
    const ra = ka === NUM ? 0 : ka === SYM ? 1 : 2;
    const rb = kb === NUM ? 0 : kb === SYM ? 1 : 2;
    if (ra !== rb) return ra - rb;
    const pa = this.payload[a];
    const pb = this.payload[b];
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  }

  /** Prolog source form of a constant (quoted when it is not a plain identifier). */
  format(id: number): string {
    return formatValue(this.value(id));
  }

  /** JSON form: entity keys and strings as strings, numbers as numbers. */
  toJson(id: number): string | number {
    return this.payload[id];
  }
}

/** An atom that needs no quotes (SWI-Prolog's rule: a lower-case letter, then letters, digits or _). */
const PLAIN_ATOM = /^\p{Ll}[\p{L}\p{N}_]*$/u;

export function formatValue(v: Value): string {
  if (v.kind === 'num') return String(v.value);
  if (v.kind === 'str') return JSON.stringify(v.text);
  return PLAIN_ATOM.test(v.text) ? v.text : `'${v.text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function formatPredicate(name: string): string {
  return PLAIN_ATOM.test(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
