import { z } from 'zod';

/**
 * Length caps on what a call may carry, checked with the rest of the input where it enters (every face): a 100 MB key
 * or search text is refused in one line instead of costing gigabytes of memory and disk.
 */
export const FIELD_LIMITS = {
  /** Entity and predicate keys (and IRIs). */
  key: 4096,
  /** Labels, type names, datatypes, file names. */
  label: 4096,
  /** One literal value: 1 MiB of text. */
  literal: 1_048_576,
  /** Search text (FTS). */
  search: 10_000,
  /** Datalog queries and typed rules, notes. */
  query: 100_000,
  /** An entity's JSON properties, serialised. */
  props: 1_048_576,
} as const;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const tooLong = (n: number, what: string): string => `${what} longer than ${n.toLocaleString('en')} characters`;

/** A key that names an existing entity or predicate (a look-up). */
export const keyRef = z.string().min(1).max(FIELD_LIMITS.key, tooLong(FIELD_LIMITS.key, 'key'));

/** A key that may be stored (a new entity, predicate or a renamed key): also no NUL or other control characters. */
export const newKey = keyRef.refine((s) => !CONTROL_CHARS.test(s), 'keys may not contain NUL or other control characters (tab, newline, …)');

export const labelText = z.string().max(FIELD_LIMITS.label, tooLong(FIELD_LIMITS.label, 'text'));

export const literalText = z.string().max(FIELD_LIMITS.literal, tooLong(FIELD_LIMITS.literal, 'literal'));

export const searchText = z.string().max(FIELD_LIMITS.search, tooLong(FIELD_LIMITS.search, 'search text'));

export const queryText = z.string().max(FIELD_LIMITS.query, tooLong(FIELD_LIMITS.query, 'text'));

/** An entity's properties: any JSON object, at most 1 MiB serialised. */
export const propsRecord = z
  .record(z.string(), z.unknown())
  .refine((p) => {
    try {
      return JSON.stringify(p).length <= FIELD_LIMITS.props;
    } catch {
      return false;
    }
  }, `properties larger than ${FIELD_LIMITS.props.toLocaleString('en')} characters as JSON`);
