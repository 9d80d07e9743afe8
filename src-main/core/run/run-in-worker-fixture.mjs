// A worker for run-in-worker.test.ts: answers each job or request as its workerData or message says.
import { getPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.job === 'priority') {
  parentPort.postMessage({ progress: { phase: 'started', done: 0 } });
  parentPort.postMessage({ result: getPriority(0) });
} else if (workerData?.job === 'wait-for-cancel') {
  parentPort.on('message', (m) => m.cancel && parentPort.postMessage({ error: 'rolled back' }));
} else if (workerData?.job === 'hang') {
  setInterval(() => undefined, 1000);
} else if (workerData?.job === 'exit') {
  process.exit(3);
} else {
  parentPort.on('message', (m) => {
    if (m.wait) setTimeout(() => parentPort.postMessage({ id: m.id, result: m.echo }), m.wait);
    else if (m.hang) setInterval(() => undefined, 1000);
    else parentPort.postMessage({ id: m.id, result: m.echo });
  });
}
