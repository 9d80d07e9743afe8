// What every long core run (import, export, training, evaluation) takes besides its input: a way to cancel and a
// place to report progress. Faces fill it from their transport (CLI: Ctrl-C and a stderr bar; server: WebSocket).
import type { ProgressEvent } from '../../contract/types.js';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}
