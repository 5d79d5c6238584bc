/**
 * Cuts values nested deeper than any Meta payload. JSON.parse copes with any depth, but recursive code
 * downstream does not: JSON.stringify of a 6,000-level object overflows the stack (a host's handler,
 * the CLI's output), and a 500 for that would make Meta retry the delivery forever. Meta's deepest
 * payloads are about 10 levels (entry → changes → value → messages → interactive → …).
 */

/** Depth from the delivery's top (the delivery object is level 1) below which values are cut. */
export const MAX_NESTING_DEPTH = 64;

/** What a cut value is replaced by. */
export const CUT_MARKER = `[cut: nested deeper than ${MAX_NESTING_DEPTH} levels]`;

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/**
 * Replaces, in place, every object or array at level MAX_NESTING_DEPTH + 1 or deeper by CUT_MARKER.
 * Walks with its own stack, never by recursion. Returns how many values were cut.
 */
export function cutDeepValues(root: unknown, maxDepth = MAX_NESTING_DEPTH): number {
  if (!isContainer(root)) return 0;
  let cut = 0;
  // Two parallel stacks rather than one of pairs: no allocation per node on the hot path.
  const nodes: Array<Record<string, unknown> | unknown[]> = [root];
  const depths: number[] = [1];
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, child: unknown, depth: number): void => {
    if (!isContainer(child)) return;
    if (depth >= maxDepth) {
      // JSON.parse makes every key an own data property (even `__proto__`), so assigning replaces it.
      (holder as Record<string | number, unknown>)[key] = CUT_MARKER;
      cut++;
    } else {
      nodes.push(child);
      depths.push(depth + 1);
    }
  };
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown> | unknown[];
    const depth = depths.pop() as number;
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(node, i, node[i], depth);
    else for (const key of Object.keys(node)) visit(node, key, node[key], depth);
  }
  return cut;
}

/**
 * True when the raw JSON cannot nest deeper than `maxDepth`: it holds at most that many `{` and `[`
 * bytes (inside strings or not), and each level needs one. Counted with native searches that stop at
 * the first byte over the limit, so a typical delivery skips the walk of cutDeepValues.
 */
export function cannotBeDeeper(raw: Buffer, maxDepth = MAX_NESTING_DEPTH): boolean {
  let count = 0;
  for (const byte of [0x7b, 0x5b]) {
    for (let at = raw.indexOf(byte); at >= 0; at = raw.indexOf(byte, at + 1)) if (++count > maxDepth) return false;
  }
  return true;
}
