/**
 * The rule behind removal without tombstones in a linearly probed table: after emptying slot `hole`,
 * the entry in slot `j` further along the run keeps its place only if its home slot lies cyclically
 * in (hole, j]; otherwise a lookup starting at its home would stop at the hole, so it moves back.
 */
export const keepsPlace = (hole: number, home: number, j: number): boolean => (hole <= j ? hole < home && home <= j : hole < home || home <= j);
