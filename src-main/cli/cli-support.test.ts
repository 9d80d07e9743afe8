import { describe, expect, it } from 'vitest';
import { parseNumber, realNumber, UsageError, wholeNumber } from './cli-support.js';

describe('the CLI number parser', () => {
  it('reads whole numbers, with _ or , grouping, and real numbers', () => {
    expect(wholeNumber('--max-facts')('5_000_000')).toBe(5_000_000);
    expect(wholeNumber('--max-facts')('5,000,000')).toBe(5_000_000);
    expect(realNumber('--lr')('1e-3')).toBe(0.001);
    expect(realNumber('--timeout')('.5')).toBe(0.5);
  });

  it('names the flag and the text it got', () => {
    expect(() => wholeNumber('--max-hops')('abc')).toThrow(new UsageError('--max-hops must be a whole number, got "abc"'));
    expect(() => wholeNumber('--top')('2.5')).toThrow('--top must be a whole number, got "2.5"');
    expect(() => wholeNumber('--top')('')).toThrow('--top must be a whole number, got ""');
    expect(() => realNumber('--lr')('0,5')).toThrow('--lr must be a number, got "0,5"');
    expect(() => realNumber('--lr')('Infinity')).toThrow('--lr must be a number');
  });

  it('checks ranges', () => {
    expect(() => wholeNumber('--seeds', { min: 1 })('0')).toThrow('--seeds must be an integer ≥ 1, got "0"');
    expect(() => wholeNumber('--max-hops', { min: 1, max: 8 })('9')).toThrow('--max-hops must be an integer in [1, 8], got "9"');
    expect(() => realNumber('--max-seconds', { above: 0 })('0')).toThrow('--max-seconds must be a number > 0, got "0"');
    expect(parseNumber('--port', '0', { integer: true, min: 0, max: 65535 })).toBe(0);
  });
});
