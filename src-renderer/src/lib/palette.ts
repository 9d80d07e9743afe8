/** Colours for entity types: stable within a session, assigned in the order types are first seen (stats first). */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#7f6fd0', '#8cd17d', '#d37295',
  '#499894', '#b6992d', '#86bcb6', '#f1ce63',
];
export const UNTYPED_COLOUR = '#a0a7b4';
export const DERIVED_EDGE_COLOUR = '#e8730c';
export const EDGE_COLOUR = '#c3c9d4';

const assigned = new Map<string, string>();

export function typeColour(type: string | null): string {
  if (!type) return UNTYPED_COLOUR;
  let colour = assigned.get(type);
  if (!colour) {
    colour = PALETTE[assigned.size % PALETTE.length];
    assigned.set(type, colour);
  }
  return colour;
}

/** A colour per cluster id (0, 1, …), from the same palette, independent of the type colours. */
export function clusterColour(id: number): string {
  return PALETTE[id % PALETTE.length];
}

/** Edge colours by predicate: the type palette washed out towards grey, so that edges stay behind the nodes. */
const EDGE_PALETTE = PALETTE.map((hex) => {
  const mix = (i: number): number => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.55 + 0xc8 * 0.45);
  return `#${[1, 3, 5].map((i) => mix(i).toString(16).padStart(2, '0')).join('')}`;
});
const assignedPredicates = new Map<string, string>();

export function predicateColour(predicate: string): string {
  let colour = assignedPredicates.get(predicate);
  if (!colour) {
    colour = EDGE_PALETTE[assignedPredicates.size % EDGE_PALETTE.length];
    assignedPredicates.set(predicate, colour);
  }
  return colour;
}
