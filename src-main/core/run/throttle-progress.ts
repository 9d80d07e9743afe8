// Progress reporting that cannot slow the work it reports on: at most one event per interval, and always the last.
import type { ProgressEvent } from '../../contract/types.js';

/** At most one progress event per `ms`, plus the one that says the run is done (`done >= total`). */
export function throttleProgress(emit: ((e: ProgressEvent) => void) | undefined, ms = 100): (e: ProgressEvent) => void {
  if (!emit) return () => undefined;
  let last = 0;
  return (event) => {
    const now = Date.now();
    if (now - last >= ms || (event.total !== undefined && event.done >= event.total)) {
      last = now;
      emit(event);
    }
  };
}
