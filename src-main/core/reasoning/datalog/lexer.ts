import type { SourcePos } from './ast.js';
import { DatalogError } from './errors.js';

export type TokenKind =
  | 'ident' // lower-case identifier: constant or predicate name
  | 'var' // upper-case or _ start
  | 'num'
  | 'qatom' // 'quoted'
  | 'str' // "quoted"
  | 'iri' // <http://...>
  | 'punct' // ( ) , . :- ?- \+ and comparison operators
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value: the unescaped text of quoted tokens, the IRI without brackets, the number. */
  value: string | number;
  pos: SourcePos;
  offset: number;
  end: number;
}

const IRI_AT = /<([^\s<>"{}|^`\\]*:[^\s<>"{}|^`\\]*)>/y;
const NUMBER_AT = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
// Identifiers are Unicode-aware as in SWI-Prolog: a lower-case letter starts a constant, upper-case or _ a variable.
const IDENT_CHAR = /[\p{L}\p{N}_]/u;
const PUNCTS = [':-', '?-', '\\+', '\\=', '!=', '<=', '=<', '>=', '(', ')', ',', '.', '=', '<', '>'];

/** Splits Datalog source into tokens; `%` and block comments are skipped. */
export function tokenize(src: string, file?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const posAt = (offset: number): SourcePos => ({ line, column: offset - lineStart + 1, ...(file ? { file } : {}) });
  const fail = (offset: number, msg: string): never => {
    throw new DatalogError(msg, posAt(offset));
  };
  const advanceLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (src.charCodeAt(k) === 10) { line++; lineStart = k + 1; }
  };

  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { line++; i++; lineStart = i; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '%') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) fail(i, 'unterminated block comment');
      advanceLines(i, close + 2);
      i = close + 2;
      continue;
    }
    const start = i;
    const pos = posAt(i);
    const push = (kind: TokenKind, text: string, value: string | number, end: number): void => {
      tokens.push({ kind, text, value, pos, offset: start, end });
      i = end;
    };
    if (/\p{Ll}/u.test(c)) {
      let j = i + 1;
      while (j < src.length && IDENT_CHAR.test(src[j])) j++;
      push('ident', src.slice(i, j), src.slice(i, j), j);
      continue;
    }
    if (/[\p{Lu}_]/u.test(c)) {
      let j = i + 1;
      while (j < src.length && IDENT_CHAR.test(src[j])) j++;
      push('var', src.slice(i, j), src.slice(i, j), j);
      continue;
    }
    if (/\d/.test(c) || (c === '-' && /\d/.test(src[i + 1] ?? ''))) {
      NUMBER_AT.lastIndex = i;
      const m = NUMBER_AT.exec(src)!;
      push('num', m[0], Number(m[0]), i + m[0].length);
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length || src[j] === '\n') fail(start, `unterminated quoted ${c === '"' ? 'string' : 'atom'}`);
        const d = src[j];
        if (d === '\\') {
          const e = src[j + 1];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else if (d === c) {
          if (src[j + 1] === c) { text += c; j += 2; } else { j++; break; } // Prolog's doubled-quote escape
        } else { text += d; j++; }
      }
      push(c === '"' ? 'str' : 'qatom', src.slice(start, j), text, j);
      continue;
    }
    if (c === '<') {
      IRI_AT.lastIndex = i;
      const m = IRI_AT.exec(src);
      if (m) { push('iri', m[0], m[1], i + m[0].length); continue; }
    }
    const p = PUNCTS.find((t) => src.startsWith(t, i));
    if (p) {
      push('punct', p, p, i + p.length);
      continue;
    }
    fail(i, `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: posAt(i), offset: i, end: i });
  return tokens;
}
