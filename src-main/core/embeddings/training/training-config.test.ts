import { describe, expect, it } from 'vitest';
import { n3WeightForDensity, resolveTrainingConfig } from './training-config.js';

describe('default N3 weight by KG sparsity', () => {
  it('keeps 1e-2 on dense KGs and rises towards the published weights on sparse ones', () => {
    expect(n3WeightForDensity(8544, 104)).toBe(0.01); // Kinships, 82 training triples per entity
    expect(n3WeightForDensity(1592, 14)).toBe(0.01); // Nations, 114
    expect(n3WeightForDensity(272_115, 14_541)).toBeCloseTo(0.05, 3); // FB15k-237, 18.7 (published 0.05)
    expect(n3WeightForDensity(86_835, 40_943)).toBeCloseTo(0.1, 3); // WN18RR, 2.1 (published 0.1)
    expect(n3WeightForDensity(483_142, 14_951)).toBeCloseTo(0.01, 3); // FB15k, 32.3 (published 0.01)
    expect(n3WeightForDensity(5868, 2745)).toBeCloseTo(0.1, 2); // Neural-LP Family, 2.14
    expect(n3WeightForDensity(10, 1000)).toBe(0.1);
    expect(n3WeightForDensity(0, 0)).toBeLessThanOrEqual(0.1);
    for (let d = 1; d < 200; d *= 1.5) expect(n3WeightForDensity(d * 100, 100)).toBeGreaterThanOrEqual(n3WeightForDensity(d * 150, 100));
  });

  it('is what the model defaults carry before a KG is known', () => {
    expect(resolveTrainingConfig({ model: 'complex' }).regularizerWeight).toBe(0.01);
  });
});
