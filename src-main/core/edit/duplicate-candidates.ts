import type { DuplicateCandidate } from '../../contract/types.js';
import { allEntityRows } from '../store/kg-lookup.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';

/** Jaro-Winkler similarity (Winkler 1990), prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export function normaliseLabel(label: string): string {
  return label.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Likely duplicate entities: pairs of the same type (or untyped) whose normalised labels are alike. Blocked by the
 * first letter of the label so that the cost stays near-linear on big KGs.
 */
export function duplicateCandidates(store: KgStore, minSimilarity = 0.92, limit = 50): DuplicateCandidate[] {
  const rows = allEntityRows(store.db);
  const blocks = new Map<string, Array<{ key: string; label: string; type: string | null; norm: string }>>();
  for (const r of rows) {
    const label = r.label ?? displayName(r.key);
    const norm = normaliseLabel(label);
    if (norm.length < 3) continue;
    const block = `${r.type ?? ''}\u0000${norm[0]}`;
    let list = blocks.get(block);
    if (!list) blocks.set(block, (list = []));
    list.push({ key: r.key, label, type: r.type, norm });
  }
  const found: DuplicateCandidate[] = [];
  for (const list of blocks.values()) {
    if (list.length > 5000) continue; // a block this large is a list of codes, not names
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const similarity = jaroWinkler(list[i].norm, list[j].norm);
        if (similarity >= minSimilarity) {
          const pick = ({ key, label, type }: (typeof list)[number]) => ({ key, label, type });
          found.push({ a: pick(list[i]), b: pick(list[j]), similarity });
        }
      }
    }
  }
  return found.sort((x, y) => y.similarity - x.similarity || x.a.key.localeCompare(y.a.key)).slice(0, limit);
}
