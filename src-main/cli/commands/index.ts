import type { Command } from 'commander';
import { register as registerImport } from './import.js';
import { register as registerExport } from './export.js';
import { register as registerStats } from './stats.js';
import { register as registerSearch } from './search.js';
import { register as registerServe } from './serve.js';
import { register as registerGnn } from './gnn.js';

/** Every CLI command, in the order `relata --help` lists them. One file per command. */
export const commandRegistrations: Array<(program: Command) => void> = [
  registerImport,
  registerExport,
  registerStats,
  registerSearch,
  registerServe,
  registerGnn,
];
