import type { Interaction, ModelName } from './interaction.js';
import { transe } from './transe.js';
import { distmult } from './distmult.js';
import { complex } from './complex.js';
import { rotate } from './rotate.js';

export type { Interaction, ModelName, Comparator } from './interaction.js';

const MODELS: Record<ModelName, Interaction> = { transe, distmult, complex, rotate };

export const MODEL_NAMES: readonly ModelName[] = ['transe', 'distmult', 'complex', 'rotate'];

/** The model used when none is named. */
export const BEST_DEFAULT_MODEL: ModelName = 'complex';

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

/** One resolver for CLI, UI and tests: a model name (case-insensitive) to its interaction. */
export function resolveModel(name: string): Interaction {
  const key = name.toLowerCase();
  if (!isModelName(key)) throw new Error(`unknown model '${name}' (known: ${MODEL_NAMES.join(', ')})`);
  return MODELS[key];
}
