/**
 * The strip pages kept around the one shown, so that paging never waits for the server: the pages after it, asked
 * for as soon as it is in, and the page just left (stepping back shows it again). A page whose reply is in is shown
 * in the same task as the key press; one still under way is awaited instead of asked again.
 */

/** A strip page: `[startSample, endSample)` of a record, as asked of `record:window`. */
export interface StripSpan {
  recordId: number;
  startSample: number;
  endSample: number;
}

/** A kept page: its reply under way, and the reply once in (undefined until then, or when the request failed). */
export interface StripPage<T> {
  span: StripSpan;
  reply: Promise<T | undefined>;
  settled: T | undefined;
}

function sameSpan(a: StripSpan, b: StripSpan): boolean {
  return a.recordId === b.recordId && a.startSample === b.startSample && a.endSample === b.endSample;
}

/**
 * Pages kept for the strip (a handful: the caller keeps the ones it will page to).
 * @typeParam T - the reply of a page (`RecordWindow`)
 */
export class StripPages<T> {
  private pages: StripPage<T>[] = [];
  /** The page on the strip (kept by {@link keep} once the strip moved on, when its span is one of `kept`). */
  private shown: { span: StripSpan; value: T } | null = null;

  /**
   * @param fetchPage - asks for a page; resolves undefined when the request failed (a failed read ahead is not
   *   shown: paging there asks again, and reports that failure)
   */
  constructor(private readonly fetchPage: (span: StripSpan) => Promise<T | undefined>) {}

  /**
   * The kept page for a span, or null; it stays kept.
   * @param span - the page wanted
   */
  find(span: StripSpan): StripPage<T> | null {
    return this.pages.find((page) => sameSpan(page.span, span)) ?? null;
  }

  /**
   * Records the page now on the strip; the one shown before it becomes a kept page (see {@link keep}).
   * @param span - the span it was asked for
   * @param value - its reply
   */
  show(span: StripSpan, value: T): void {
    const left = this.shown;
    if (left && !sameSpan(left.span, span) && !this.find(left.span)) {
      this.pages.push({ span: left.span, reply: Promise.resolve(left.value), settled: left.value });
    }
    this.shown = { span, value };
  }

  /**
   * Keeps only the pages of these spans, asking for those of `fetched` not kept yet; the others are forgotten.
   * @param kept - spans kept when they are already there (e.g. the page just left)
   * @param fetched - spans kept, and asked for when missing (the pages ahead)
   */
  keep(kept: readonly StripSpan[], fetched: readonly StripSpan[]): void {
    const wanted = [...kept, ...fetched];
    this.pages = this.pages.filter((page) => wanted.some((span) => sameSpan(page.span, span)));
    for (const span of fetched) {
      if (this.find(span)) continue;
      const page: StripPage<T> = { span, reply: this.fetchPage(span), settled: undefined };
      void page.reply.then((value) => {
        page.settled = value;
      });
      this.pages.push(page);
    }
  }

  /** Forgets every page, the one shown too (an edit or a push may have changed their beats or episodes). */
  clear(): void {
    this.pages = [];
    this.shown = null;
  }
}
