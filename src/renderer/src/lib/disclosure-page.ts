/**
 * The full-disclosure page: consecutive rows of one lead, each fetched with its own `record:window` request.
 */

/** One row: seconds [startS, endS) of the record. */
export interface DisclosureRow {
  startS: number;
  endS: number;
}

/**
 * The rows of a page.
 * @param pageStartS - start of the first row, in s
 * @param rowS - seconds per row (> 0; at most the server's per-request cap)
 * @param nRows - rows per page (≥ 1)
 * @param durationS - record length, in s
 * @returns up to `nRows` rows, the last one cut at the record's end; none past it
 */
export function disclosureRows(pageStartS: number, rowS: number, nRows: number, durationS: number): DisclosureRow[] {
  const rows: DisclosureRow[] = [];
  for (let i = 0; i < nRows; i++) {
    const startS = pageStartS + i * rowS;
    if (startS >= durationS) break;
    rows.push({ startS, endS: Math.min(durationS, startS + rowS) });
  }
  return rows;
}

/**
 * Where a page starts so that it holds a time in its first row, rows on whole multiples of `rowS`, the page kept
 * inside the record where it is long enough.
 * @param timeS - the time to show, in s
 * @param rowS - seconds per row (> 0)
 * @param nRows - rows per page (≥ 1)
 * @param durationS - record length, in s
 * @returns the page start, in s (0 for NaN)
 */
export function disclosurePageStart(timeS: number, rowS: number, nRows: number, durationS: number): number {
  const lastRowStart = Math.max(0, Math.ceil(durationS / rowS) - nRows) * rowS;
  const start = Number.isFinite(timeS) ? Math.floor(Math.max(0, timeS) / rowS) * rowS : 0;
  return Math.min(start, lastRowStart);
}
