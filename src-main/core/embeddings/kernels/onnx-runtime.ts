/**
 * onnxruntime-node, loaded on first use. Its CPU library ships inside the npm package (`.npmrc` skips the
 * install script that would fetch a CUDA provider), so it normally loads; when it does not, callers fall
 * back to the plain typed-array kernels and report why. RELATA_KERNELS=js forces that fallback.
 */
import type * as Ort from 'onnxruntime-node';

export type OrtModule = typeof Ort;

export interface OrtLoad {
  ort: OrtModule | null;
  detail: string;
}

let loading: Promise<OrtLoad> | null = null;

export function loadOnnxRuntime(): Promise<OrtLoad> {
  if (process.env.RELATA_KERNELS === 'js') return Promise.resolve({ ort: null, detail: 'onnxruntime kernels turned off (RELATA_KERNELS=js)' });
  loading ??= import('onnxruntime-node').then(
    (m) => {
      const ort = ((m as unknown as { default?: OrtModule }).default ?? m) as OrtModule;
      return typeof ort.InferenceSession?.create === 'function'
        ? { ort, detail: `onnxruntime-node ${ort.env?.versions?.node ?? ort.env?.versions?.common ?? ''}`.trim() }
        : { ort: null, detail: 'onnxruntime-node loaded without an InferenceSession' };
    },
    (err: unknown) => ({ ort: null, detail: `onnxruntime-node failed to load: ${String((err as Error)?.message ?? err).split('\n')[0]}` }),
  );
  return loading;
}
