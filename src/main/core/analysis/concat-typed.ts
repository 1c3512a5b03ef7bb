/**
 * Concatenates typed arrays of one kind, in order (merging the per-chunk arrays of an analysis).
 * @param parts - the arrays
 * @param alloc - the array type's constructor, e.g. Float32Array
 * @returns a new array of the summed length
 */
export function concatTyped<A extends Float64Array | Float32Array | Int32Array | Uint8Array>(
  parts: readonly A[],
  alloc: new (length: number) => A,
): A {
  const out = new alloc(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
