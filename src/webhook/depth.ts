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
 * True when `root` holds an object or array at level `maxDepth` + 1 or deeper, i.e. when cutDeepValues
 * would cut something. Recursion is safe here: it stops `maxDepth` levels down. It reads the parsed
 * value rather than the bytes, so a long text costs nothing: a few hundred ns per delivery at any size.
 * for…in (no array of keys per object) may also visit properties a host added to Object.prototype;
 * those can only make the answer true, and cutDeepValues then finds nothing of theirs to cut.
 */
export function holdsDeeper(root: unknown, maxDepth = MAX_NESTING_DEPTH): boolean {
  return isContainer(root) && deeper(root, maxDepth);
}

/** Whether a container `levelsLeft` levels above the cut has one at the cut under it. */
function deeper(node: Record<string, unknown> | unknown[], levelsLeft: number): boolean {
  if (levelsLeft === 0) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (isContainer(child) && deeper(child, levelsLeft - 1)) return true;
    }
    return false;
  }
  for (const key in node) {
    const child = node[key];
    if (isContainer(child) && deeper(child, levelsLeft - 1)) return true;
  }
  return false;
}
