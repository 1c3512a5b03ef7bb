import type { AnalysisPartRows } from '../store/review-store';

/**
 * Streams a record's chunk rows into its running analysis in chunk order while the chunks finish in
 * any order: each chunk's rows are handed to `store` once every chunk before it has been, one
 * store at a time, and then let go (the record-wide step reads them back from the store).
 * The first failure of `store` stops every later one and is rethrown by {@link throwIfFailed} and
 * {@link allStored}.
 */
export class OrderedRows {
  private readonly waiting = new Map<number, AnalysisPartRows>();
  private next = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /**
   * @param count - the record's number of chunks
   * @param store - writes one chunk's rows (its arrays may be transferred)
   */
  constructor(
    private readonly count: number,
    private readonly store: (rows: AnalysisPartRows) => Promise<unknown>,
  ) {}

  /**
   * Adds a classified chunk's rows and starts storing every chunk now in order.
   * @throws RangeError when the index is outside the record's chunks or was added already
   */
  add(index: number, rows: AnalysisPartRows): void {
    if (!Number.isInteger(index) || index < this.next || index >= this.count || this.waiting.has(index))
      throw new RangeError(`OrderedRows: chunk ${index} of ${this.count} added twice or out of range`);
    this.waiting.set(index, rows);
    for (let part = this.waiting.get(this.next); part !== undefined; part = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      const rowsOfChunk = part;
      this.chain = this.chain.then(async () => {
        if (!this.failure) await this.store(rowsOfChunk);
      });
      this.chain = this.chain.catch((error: unknown) => {
        this.failure ??= { error };
      });
    }
  }

  /** @throws the first error of `store`, if any so far */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Resolves once no store is running (whether they succeeded or not). */
  settled(): Promise<void> {
    return this.chain;
  }

  /**
   * Waits until every chunk's rows are stored.
   * @throws the first error of `store`; RangeError when a chunk was never added
   */
  async allStored(): Promise<void> {
    await this.chain;
    this.throwIfFailed();
    if (this.next !== this.count) throw new RangeError(`OrderedRows: ${this.count - this.next} of ${this.count} chunks never added`);
  }
}
