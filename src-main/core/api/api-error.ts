/** The service's error for a caller's mistake, which every face answers as such rather than as a bug. */
/** An error in what the caller asked for (bad input, missing KG), as opposed to a bug. */
export class ApiError extends Error {
  constructor(message: string, readonly kind: 'invalid-input' | 'no-kg' | 'not-found' = 'invalid-input') {
    super(message);
    this.name = 'ApiError';
  }
}
