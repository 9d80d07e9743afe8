/**
 * Which engine trains, and why. The CPU engine (typed-array kernels in this folder) always works.
 * `@tensorflow/tfjs-node-gpu` is an optional dependency: it is accepted only if it imports and its
 * backend is 'tensorflow' (a package installed without its native addon throws, sometimes an error
 * with no code, so every error is caught and reported). When it is accepted, training runs on it
 * (training/tfjs/tfjs-trainer.ts); evaluation stays on the CPU engine.
 */
/** cpu-onnxruntime: the CPU engine with its dense 1-vs-all and scoring matmuls on onnxruntime-node. */
export type EngineName = 'cpu-typed-arrays' | 'cpu-onnxruntime' | 'tfjs-node-gpu';

export interface EngineChoice {
  engine: EngineName;
  reason: string;
  /** What the tfjs-node-gpu probe found. */
  gpu: { available: boolean; detail: string };
}

export interface TfLike {
  getBackend(): string;
  ready?(): Promise<void>;
}

const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

/** Dynamic import of tfjs-node-gpu; never throws. `importer` is replaceable for tests. */
export async function probeTfjsNodeGpu(importer: (name: string) => Promise<unknown> = (n) => import(n)): Promise<{ tf: TfLike | null; detail: string }> {
  try {
    const mod = (await importer(TFJS_NODE_GPU)) as { default?: TfLike } & Partial<TfLike>;
    const tf = (typeof mod.getBackend === 'function' ? mod : mod.default) as TfLike | undefined;
    if (!tf || typeof tf.getBackend !== 'function') return { tf: null, detail: `${TFJS_NODE_GPU} loaded without a getBackend()` };
    if (tf.ready) await tf.ready();
    const backend = tf.getBackend();
    if (backend !== 'tensorflow') return { tf: null, detail: `${TFJS_NODE_GPU} loaded but its backend is '${backend}', not 'tensorflow'` };
    return { tf, detail: `${TFJS_NODE_GPU} loaded, backend 'tensorflow'` };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = e?.code === 'ERR_MODULE_NOT_FOUND' ? 'not installed' : `failed to load: ${(e?.message ?? String(err)).split('\n')[0]}`;
    return { tf: null, detail: `${TFJS_NODE_GPU} ${why}` };
  }
}

/**
 * The engine for a training run: tfjs-node-gpu (tfjs/tfjs-trainer.ts, TensorFlow.js ops on its
 * 'tensorflow' backend) when it loads with the training API, else the CPU engine. `tf` is the loaded
 * module, kept out of EngineChoice so that the choice stays plain data (it crosses worker threads).
 */
export async function chooseTrainingEngine(prefer: 'auto' | EngineName = 'auto', importer?: (name: string) => Promise<unknown>): Promise<{ choice: EngineChoice; tf: TfLike | null }> {
  if (prefer === 'cpu-typed-arrays' || prefer === 'cpu-onnxruntime') return { choice: { engine: 'cpu-typed-arrays', reason: 'requested', gpu: { available: false, detail: 'not probed' } }, tf: null };
  const probe = await probeTfjsNodeGpu(importer);
  const gpu = { available: probe.tf !== null, detail: probe.detail };
  if (!probe.tf) return { choice: { engine: 'cpu-typed-arrays', reason: probe.detail, gpu }, tf: null };
  const t = probe.tf as TfLike & { variableGrads?: unknown; train?: { adam?: unknown } };
  if (typeof t.variableGrads !== 'function' || typeof t.train?.adam !== 'function') {
    return { choice: { engine: 'cpu-typed-arrays', reason: `${probe.detail} but without the TensorFlow.js training API, so the CPU engine runs`, gpu }, tf: null };
  }
  return { choice: { engine: 'tfjs-node-gpu', reason: `${probe.detail}; training with TensorFlow.js ops on it`, gpu }, tf: probe.tf };
}

/** The engine a training run uses, and why (chooseTrainingEngine without the module). */
export async function chooseEngine(prefer: 'auto' | EngineName = 'auto', importer?: (name: string) => Promise<unknown>): Promise<EngineChoice> {
  return (await chooseTrainingEngine(prefer, importer)).choice;
}
