import { join } from 'node:path';
import { appPath } from './app-paths.js';

/** The bundled demo KG: its files, imported in this order (types and labels first, then weighted links). */
export function demoFiles(resourcesDir = appPath('resources')): string[] {
  return ['demo-kg.ttl', 'medical-findings.csv'].map((f) => join(resourcesDir, 'demo', f));
}
