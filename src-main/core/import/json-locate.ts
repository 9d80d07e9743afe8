/**
 * Where a JSON text goes wrong, for messages that name FILE:LINE. V8's JSON.parse errors often give no position, and
 * a deeply nested document parses fine only to overflow the stack of whatever walks it next (jsonld does): both are
 * found here by one iterative scan, so no document can overflow the stack in this file either.
 */

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** End offset of the string starting at text[i] === '"', or -1 where it is not a valid JSON string. */
function scanString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) j++;
    else if (c < 0x20) return -1;
  }
  return -1;
}

/** The offset at which `text` stops being valid JSON, or -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  return scan(text, null);
}

/** The offset where the value at `path` (keys and array indexes) starts in valid JSON `text`, or -1. */
export function jsonPathOffset(text: string, path: ReadonlyArray<string | number>): number {
  let found = -1;
  scan(text, (at, offset) => {
    if (at.length === path.length && at.every((p, k) => p === path[k])) {
      found = offset;
      return true;
    }
    return false;
  });
  return found;
}

/**
 * One iterative pass over JSON text: returns where it stops being valid (-1: valid), calling `onValue` with the path
 * and offset of every value until it returns true.
 */
function scan(text: string, onValue: ((path: Array<string | number>, offset: number) => boolean) | null): number {
  const stack: string[] = [];
  const path: Array<string | number> = [];
  let state: 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after' = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && WS.has(text[i])) i++;
    if (i >= text.length) return state === 'after' && stack.length === 0 ? -1 : text.length;
    const c = text[i];
    if (state === 'value' || state === 'firstValue') {
      if (c === ']' && state === 'firstValue') {
        stack.pop();
        path.pop();
        i++;
        state = 'after';
        continue;
      }
      if (onValue?.(path, i)) return -1;
      if (c === '{' || c === '[') {
        stack.push(c);
        path.push(c === '[' ? 0 : '');
        i++;
        state = c === '{' ? 'firstKey' : 'firstValue';
      } else if (c === '"') {
        const end = scanString(text, i);
        if (end < 0) return i;
        i = end;
        state = 'after';
      } else {
        LITERAL.lastIndex = i;
        const m = LITERAL.exec(text);
        if (!m) return i;
        i += m[0].length;
        state = 'after';
      }
    } else if (state === 'firstKey' || state === 'key') {
      if (c === '}' && state === 'firstKey') {
        stack.pop();
        path.pop();
        i++;
        state = 'after';
      } else {
        if (c !== '"') return i;
        const end = scanString(text, i);
        if (end < 0) return i;
        if (onValue) path[path.length - 1] = JSON.parse(text.slice(i, end)) as string;
        i = end;
        state = 'colon';
      }
    } else if (state === 'colon') {
      if (c !== ':') return i;
      i++;
      state = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i;
      if (c === ',') {
        i++;
        if (top === '[') (path[path.length - 1] as number)++;
        state = top === '{' ? 'key' : 'value';
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        path.pop();
        i++;
      } else return i;
    }
  }
}

/** Where in a parsed JSON document `test` first holds, as a path of keys and indexes (iterative; null: nowhere). */
export function findJsonPath(doc: unknown, test: (value: unknown, key: string | number | null) => boolean): Array<string | number> | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: doc, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (test(value, path.length ? path[path.length - 1] : null)) return path;
    if (value && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, k) => [k, v] as const) : Object.entries(value);
      for (let k = entries.length - 1; k >= 0; k--) stack.push({ value: entries[k][1], path: [...path, entries[k][0]] });
    }
  }
  return null;
}

/** A path as people read it: `$.knows[0]["@id"]`. */
export function formatJsonPath(path: ReadonlyArray<string | number>): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('')}`;
}

/** The offset of the first bracket nested deeper than `max` in valid JSON `text`, or -1. */
export function jsonTooDeepOffset(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = scanString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}
