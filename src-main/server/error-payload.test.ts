import { describe, expect, it } from 'vitest';
import { ApiError } from '../core/api/api-error.js';
import { ImportError } from '../core/import/import-error.js';
import { CancelledError } from '../core/run/cancelled-error.js';
import { WriterBusyError } from '../core/store/kg-store.js';
import { errorPayload } from './error-payload.js';

describe('errorPayload: the caller’s fault is never "internal" (HTTP 500)', () => {
  it('classifies Relata’s own errors by what the caller can do about them', () => {
    expect(errorPayload(new ApiError('no KG is open', 'no-kg'))).toEqual({ message: 'no KG is open', kind: 'no-kg' });
    expect(errorPayload(new ImportError('f.tsv', 2, 'bad'))).toEqual({ message: 'f.tsv:2: bad', kind: 'bad-input' });
    expect(errorPayload(new CancelledError()).kind).toBe('cancelled');
    expect(errorPayload(new Error('no entity with key "x"'))).toEqual({ message: 'no entity with key "x"', kind: 'not-found' });
    expect(errorPayload(new Error('an entity with key "x" already exists')).kind).toBe('invalid-input');
    expect(errorPayload(new Error('/tmp/kg.sqlite: not a Relata KG file (not SQLite)')).kind).toBe('bad-input');
  });

  it('marks a busy KG as "busy" (HTTP 409) with a message that names the situation', () => {
    const busy = errorPayload(new WriterBusyError('kg.sqlite is being written by another process (relata import, pid 7); gave up after waiting 300 s'));
    expect(busy).toEqual({ message: 'kg.sqlite is being written by another process (relata import, pid 7); gave up after waiting 300 s', kind: 'busy' });
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(errorPayload(locked)).toEqual({ message: 'the KG is busy: another process is writing to it; try again when it has finished (database is locked)', kind: 'busy' });
  });

  it('keeps bugs "internal"', () => {
    expect(errorPayload(new TypeError("Cannot read properties of undefined (reading 'x')")).kind).toBe('internal');
    expect(errorPayload(new RangeError('Maximum call stack size exceeded')).kind).toBe('internal');
    expect(errorPayload(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })).kind).toBe('internal');
  });
});
