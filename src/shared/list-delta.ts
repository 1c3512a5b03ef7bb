/**
 * One list as the edit of another: the positions of the old list's items that are gone, and the new items with
 * their positions in the new list; every other item of the new list is an old one, in the old order.
 */
export interface ListDelta<T> {
  /** indices into the old list of the items left out, ascending */
  removed: Uint32Array;
  /** indices into the new list of the items that are not old ones, ascending */
  addedAt: Uint32Array;
  /** those items, in that order */
  added: T[];
}

/**
 * The new list from the old one and a {@link ListDelta}.
 * @param old - the list the delta was made against (not modified)
 * @returns the new list
 * @throws RangeError when the delta does not fit the old list (an index out of range, or too few old items left)
 */
export function applyListDelta<T>(old: readonly T[], delta: ListDelta<T>): T[] {
  const gone = new Set(delta.removed);
  if (delta.removed.some((i) => i >= old.length)) throw new RangeError(`applyListDelta: a removed index is beyond the ${old.length} items`);
  const kept = old.filter((_, i) => !gone.has(i));
  const length = kept.length + delta.added.length;
  const out: T[] = [];
  let k = 0;
  let a = 0;
  for (let i = 0; i < length; i++) {
    if (a < delta.addedAt.length && delta.addedAt[a] === i) out.push(delta.added[a++] as T);
    else if (k < kept.length) out.push(kept[k++] as T);
    else throw new RangeError(`applyListDelta: the delta places ${delta.added.length} items in a list of ${length}`);
  }
  if (a !== delta.added.length) throw new RangeError(`applyListDelta: ${delta.added.length - a} added items were not placed`);
  return out;
}

/**
 * A {@link ListDelta} from `old` to `next`, matching items by `keyOf` in one forward pass: an item of `old` equal to
 * the next item of `next` is kept, one whose key is still to come in `next` waits, any other is removed; the items
 * of `next` not matched are added. The kept items are a common subsequence, so {@link applyListDelta} gives `next`.
 * @param keyOf - an item's identity (equal keys: equal items)
 * @returns the delta
 */
export function listDelta<T>(old: readonly T[], next: readonly T[], keyOf: (item: T) => string): ListDelta<T> {
  const oldKeys = old.map(keyOf);
  const nextKeys = next.map(keyOf);
  const toCome = new Map<string, number>();
  for (const key of nextKeys) toCome.set(key, (toCome.get(key) ?? 0) + 1);
  const removed: number[] = [];
  const addedAt: number[] = [];
  let i = 0;
  nextKeys.forEach((key, j) => {
    while (i < oldKeys.length && oldKeys[i] !== key && !toCome.get(oldKeys[i] as string)) removed.push(i++);
    if (i < oldKeys.length && oldKeys[i] === key) i++;
    else addedAt.push(j);
    toCome.set(key, (toCome.get(key) as number) - 1);
  });
  while (i < oldKeys.length) removed.push(i++);
  return { removed: Uint32Array.from(removed), addedAt: Uint32Array.from(addedAt), added: addedAt.map((j) => next[j] as T) };
}
