import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled demo KG: its files, imported in this order (types and labels first, then weighted links). */
export function demoFiles(resourcesDir = resolve(fileURLToPath(new URL('../../resources', import.meta.url)))): string[] {
  return ['demo-kg.ttl', 'medical-findings.csv'].map((f) => join(resourcesDir, 'demo', f));
}
