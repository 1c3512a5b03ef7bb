/**
 * Review-action figures for `npm run bench`: a 24 h-sized analysis (110,000
 * beats, 360 Hz, synthetic positions every 0.785 s, all N) in a review
 * database file (WAL, as the app opens it), then a bulk relabel of 10,000
 * beats to V as one action, its undo and its redo, each committed before
 * the call returns: the store side of the "relabel a template of
 * 10,000 beats" and "undo of that relabel" rows, without the UI repaint.
 * The 10,000 beats are every 11th beat of the record, spread over it as a
 * template's beats are (so the edit touches most pages of the beats table,
 * not a contiguous tenth of it). Median of 5 runs, each figure on its own
 * line with its unit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReviewEditor } from '../src/main/core/store/review-editor';
import { ReviewStore } from '../src/main/core/store/review-store';
import { beatsOnly } from '../test/unit/main/core/store/store-fixtures';

const BEATS = 110_000;
const RELABELLED = 10_000;
const RUNS = 5;
const FS_HZ = 360;
const RR_SAMPLES = 283;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

/** Prints the review-action figures (see the file comment). */
export async function benchReviewActions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-'));
  try {
    const store = new ReviewStore(join(dir, 'review.sqlite'));
    const editor = new ReviewEditor(store);
    const nSamples = 100 + BEATS * RR_SAMPLES;
    const { recordId } = store.upsertRecord({
      path: join(dir, 'synthetic.hea'),
      name: 'synthetic-24h',
      contentSha256: '0'.repeat(64),
      fsHz: FS_HZ,
      nSamples,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    });
    const analysisId = store.beginAnalysis(recordId, { backend: 'none', models: [], detector: 'synthetic' });
    await store.completeAnalysis(
      analysisId,
      beatsOnly(
        Array.from({ length: BEATS }, (_, i) => 100 + i * RR_SAMPLES),
        new Array<'N'>(BEATS).fill('N'),
      ),
    );
    const { beatIds } = store.beatList(analysisId);
    const stride = Math.floor(BEATS / RELABELLED);
    const ids = Array.from({ length: RELABELLED }, (_, i) => beatIds[i * stride] as number);
    const relabelMs: number[] = [];
    const undoMs: number[] = [];
    const redoMs: number[] = [];
    const time = (run: () => unknown, into: number[]): void => {
      const t0 = performance.now();
      run();
      into.push(performance.now() - t0);
    };
    for (let run = 0; run < RUNS; run++) {
      time(() => editor.relabelBeats(recordId, ids, run % 2 === 0 ? 'V' : 'S', 'bench'), relabelMs);
      time(() => editor.undo(recordId, 'bench'), undoMs);
      time(() => editor.redo(recordId, 'bench'), redoMs);
    }
    if (store.beatCounts(analysisId).N !== BEATS - RELABELLED)
      throw new Error('bench-review: the redo did not leave 10,000 beats relabelled');
    store.close();
    console.log(
      `review: bulk relabel of ${RELABELLED.toLocaleString('en')} of ${BEATS.toLocaleString('en')} beats (every ${stride}th), one action, committed: ${median(relabelMs).toFixed(0)} ms`,
    );
    console.log(`review: undo of that relabel, committed: ${median(undoMs).toFixed(0)} ms`);
    console.log(`review: redo of that relabel, committed: ${median(redoMs).toFixed(0)} ms`);
    console.log(`(median of ${RUNS} runs; store only, without the UI repaint)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
