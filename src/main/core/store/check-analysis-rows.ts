import { HOLTER_RHYTHM_CODES } from '../../../shared/holter-rhythms';
import { AAMI_CLASSES } from '../../../shared/labels';
import type { AnalysisFinalRows, AnalysisPartRows, AnalysisResultRows } from './review-store';

/** Thrown when an analysis result cannot be stored as it is; the message says what is wrong in plain words. */
export class AnalysisRowsError extends Error {
  override readonly name = 'AnalysisRowsError';
}

const RHYTHM_LABELS: readonly string[] = ['N', 'A', 'O', '~'];
const EPISODE_TYPES: readonly string[] = HOLTER_RHYTHM_CODES;

/** Float32 rounding of a softmax output may overshoot 1 by a few ulps. */
const UNIT_SLACK = 1e-5;

function inUnit(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 1 + UNIT_SLACK;
}

/** Index of the first element failing `ok`, or −1. */
function firstBad(n: number, ok: (i: number) => boolean): number {
  for (let i = 0; i < n; i++) if (!ok(i)) return i;
  return -1;
}

/** The plain-words failure of a result that cannot be stored. */
function refuse(recordName: string): (problem: string) => never {
  return (problem) => {
    throw new AnalysisRowsError(
      `record "${recordName}": the analysis result cannot be stored: ${problem}. ` +
        'The signal may be flat, clipped or have a wrong gain in its header; nothing was stored.',
    );
  };
}

/**
 * Checks one part of an analysis result (a chunk's beats and rhythm windows, or the whole
 * record's) before any of it is written, so a part the database would reject half-way (a NaN
 * probability hits a NOT NULL column) is refused whole with a message a technician understands.
 * @param recordName - the record's name, for the message
 * @param nSamples - the record's length, in samples
 * @param rows - the part as {@link ReviewStore.appendAnalysisRows} gets it
 * @param afterSample - the last beat sample already stored for the analysis (−1 when none): the
 *   part's beats must come after it
 * @throws AnalysisRowsError naming the record and the first bad value: array lengths that
 *   disagree, beat positions out of order or outside the record, labels outside the AAMI /
 *   CinC 2017 classes, confidences, probabilities or attention weights that are not finite
 *   numbers in 0..1
 */
export function checkPartRows(recordName: string, nSamples: number, rows: AnalysisPartRows, afterSample: number): void {
  const fail = refuse(recordName);
  const n = rows.beatSamples.length;
  const w = rows.windowStartSamples.length;
  if (rows.beatLabels.length !== n || rows.beatConfidence.length !== n) fail('beat positions, labels and confidences differ in number');
  if (rows.beatAttention.length !== n * rows.beatAttentionSteps) fail('beat attention does not match the number of beats');
  if (rows.windowLabels.length !== w || rows.windowProbabilities.length !== w * 4)
    fail('rhythm windows, labels and probabilities differ in number');
  if (rows.windowAttention.length !== w * rows.rhythmAttentionSteps) fail('rhythm attention does not match the number of windows');
  const samples = rows.beatSamples;
  let bad = firstBad(n, (i) => {
    const s = samples[i] as number;
    return s >= 0 && s < nSamples && s > (i === 0 ? afterSample : (samples[i - 1] as number));
  });
  if (bad >= 0) fail(`beat ${bad} at sample ${samples[bad]} is out of order or outside the record (0..${nSamples - 1})`);
  bad = firstBad(n, (i) => AAMI_CLASSES.includes(rows.beatLabels[i] as (typeof AAMI_CLASSES)[number]));
  if (bad >= 0) fail(`beat ${bad} has the label "${String(rows.beatLabels[bad])}", not an AAMI class`);
  bad = firstBad(n, (i) => inUnit(rows.beatConfidence[i] as number));
  if (bad >= 0) fail(`beat ${bad} at sample ${samples[bad]} has a confidence of ${rows.beatConfidence[bad]}, not a number in 0..1`);
  bad = firstBad(rows.beatAttention.length, (i) => Number.isFinite(rows.beatAttention[i]));
  if (bad >= 0) fail(`the beat attention weights contain ${rows.beatAttention[bad]}`);
  bad = firstBad(w, (i) => RHYTHM_LABELS.includes(rows.windowLabels[i] as string));
  if (bad >= 0) fail(`rhythm window ${bad} has the label "${String(rows.windowLabels[bad])}", not a CinC 2017 class`);
  bad = firstBad(rows.windowProbabilities.length, (i) => inUnit(rows.windowProbabilities[i] as number));
  if (bad >= 0) fail(`rhythm window ${Math.floor(bad / 4)} has a class probability of ${rows.windowProbabilities[bad]}`);
  bad = firstBad(rows.windowAttention.length, (i) => Number.isFinite(rows.windowAttention[i]));
  if (bad >= 0) fail(`the rhythm attention weights contain ${rows.windowAttention[bad]}`);
}

/**
 * Checks the record-wide part of an analysis result (episodes, AF burden, times, record call)
 * before it is written; see {@link checkPartRows}.
 * @param recordName - the record's name, for the message
 * @param rows - as {@link ReviewStore.finishAnalysis} gets them
 * @throws AnalysisRowsError naming the record and the first bad value: an episode of an unknown
 *   type, with an empty span or a mean probability outside 0..1, an AF burden or a record-call
 *   probability that is not a fraction in 0..1, a negative or non-finite elapsed time
 */
export function checkFinalRows(recordName: string, rows: AnalysisFinalRows): void {
  const fail = refuse(recordName);
  const bad = firstBad(rows.episodes.length, (i) => {
    const e = rows.episodes[i];
    return (
      e !== undefined && EPISODE_TYPES.includes(e.label) && e.onsetSample >= 0 && e.endSample > e.onsetSample && inUnit(e.meanProbability)
    );
  });
  if (bad >= 0) {
    const e = rows.episodes[bad];
    fail(
      `rhythm episode ${bad} (label ${e?.label}, samples ${e?.onsetSample}..${e?.endSample}) has a mean probability of ${e?.meanProbability} or an empty span`,
    );
  }
  if (!inUnit(rows.afBurden)) fail(`the AF burden is ${rows.afBurden}, not a fraction in 0..1`);
  if (!Number.isFinite(rows.elapsedMs) || rows.elapsedMs < 0) fail(`the elapsed time is ${rows.elapsedMs} ms`);
  if (rows.recordCall && !Object.values(rows.recordCall.probabilities).every(inUnit)) {
    fail('the whole-record rhythm call has a probability that is not a number in 0..1');
  }
}

/**
 * Checks a whole analysis result before any of it is written ({@link checkPartRows} over all its
 * beats and windows, then {@link checkFinalRows}).
 * @param recordName - the record's name, for the message
 * @param nSamples - the record's length, in samples
 * @param rows - the result as {@link ReviewStore.completeAnalysis} gets it
 * @throws AnalysisRowsError naming the record and the first bad value (see both checks)
 */
export function checkAnalysisRows(recordName: string, nSamples: number, rows: AnalysisResultRows): void {
  checkPartRows(recordName, nSamples, rows, -1);
  checkFinalRows(recordName, rows);
}
