// Worker entry: registers tsx (as bin/relata.mjs does) so the TypeScript worker body runs unbundled.
import { register } from 'tsx/esm/api';

register();
await import('./read-pool-worker.ts');
