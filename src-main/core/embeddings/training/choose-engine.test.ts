import { describe, it, expect } from 'vitest';
import { chooseEngine, probeTfjsNodeGpu } from './choose-engine.js';

/** The tfjs-node-gpu probe never throws and says why it did not take the package. */
describe('engine choice', () => {
  it('reports a missing package', async () => {
    const err = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node-gpu'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const p = await probeTfjsNodeGpu(async () => Promise.reject(err));
    expect(p.tf).toBeNull();
    expect(p.detail).toMatch(/not installed/);
  });

  it('catches an error with no code (package installed without its native addon)', async () => {
    const p = await probeTfjsNodeGpu(async () => {
      throw new Error('The specified module could not be found.\n\\\\?\\tfjs_binding.node');
    });
    expect(p.tf).toBeNull();
    expect(p.detail).toMatch(/failed to load: The specified module could not be found\.$/);
  });

  it('catches a non-Error throw', async () => {
    const p = await probeTfjsNodeGpu(async () => Promise.reject('boom'));
    expect(p.detail).toMatch(/boom/);
  });

  it("rejects a backend other than 'tensorflow'", async () => {
    const p = await probeTfjsNodeGpu(async () => ({ getBackend: () => 'cpu' }));
    expect(p.tf).toBeNull();
    expect(p.detail).toMatch(/backend is 'cpu'/);
  });

  it("accepts the 'tensorflow' backend (default export too) and trains on it", async () => {
    const tf = { getBackend: () => 'tensorflow', ready: async () => {}, variableGrads: () => ({}), train: { adam: () => ({}) } };
    const c = await chooseEngine('auto', async () => ({ default: tf }));
    expect(c.gpu.available).toBe(true);
    expect(c.engine).toBe('tfjs-node-gpu');
    expect(c.reason).toMatch(/training with TensorFlow\.js/);
  });

  it("falls back to the CPU engine when the 'tensorflow' module lacks the training API", async () => {
    const c = await chooseEngine('auto', async () => ({ default: { getBackend: () => 'tensorflow', ready: async () => {} } }));
    expect(c.gpu.available).toBe(true);
    expect(c.engine).toBe('cpu-typed-arrays');
    expect(c.reason).toMatch(/without the TensorFlow\.js training API/);
  });

  it('probes the real import without throwing', async () => {
    const c = await chooseEngine();
    expect(c.engine).toBe('cpu-typed-arrays');
    expect(c.reason.length).toBeGreaterThan(0);
  });
});
