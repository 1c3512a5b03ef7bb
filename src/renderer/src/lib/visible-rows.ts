/** The rows of a fixed-height list that a scrolled box shows: [first, end) as indices into the list. */
export interface VisibleRows {
  first: number;
  /** one past the last row shown */
  end: number;
}

/**
 * Which rows of a list of `total` rows of `rowPx` pixels each a box `viewportPx` high, scrolled by `scrollTopPx`,
 * shows, widened by `overscan` rows on each side (so that a small scroll shows rows already there). The list draws
 * only these, between two spacers, so that a 24 h record's thousands of events cost a screenful of DOM rows.
 * @param scrollTopPx - the box's scrollTop, in px (clamped to ≥ 0)
 * @param viewportPx - the box's inner height, in px
 * @param rowPx - one row's height, in px (> 0)
 * @param total - rows in the list
 * @param overscan - extra rows drawn above and below the box
 * @returns the rows to draw; empty ({first: 0, end: 0}) for an empty list
 * @throws RangeError when rowPx is not a positive finite number
 */
export function visibleRows(scrollTopPx: number, viewportPx: number, rowPx: number, total: number, overscan: number): VisibleRows {
  if (!(rowPx > 0) || !Number.isFinite(rowPx)) throw new RangeError(`visibleRows: row height ${rowPx} px is not a positive number`);
  if (total <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, Number.isFinite(scrollTopPx) ? scrollTopPx : 0);
  const first = Math.min(total - 1, Math.max(0, Math.floor(top / rowPx) - overscan));
  const end = Math.min(total, Math.ceil((top + Math.max(0, viewportPx)) / rowPx) + overscan);
  return { first, end: Math.max(first + 1, end) };
}
