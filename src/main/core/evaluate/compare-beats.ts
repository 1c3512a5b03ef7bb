import type { AamiClass } from '../../../shared/labels';
import type { Annotation } from '../wfdb/annotations';
import { scoringClassOfSymbol, type ClassMapping } from './beat-class-mapping';
import { ec57Statistics, emptyConfusionMatrix, UNMATCHED, type ConfusionMatrix, type Ec57Statistics } from './ec57-statistics';

/** A test (algorithm) beat: its 0-based sample index and AAMI class. */
export interface BeatMark {
  sample: number;
  cls: AamiClass;
}

/** Options of `compareBeats`; every field has the EC57 / bxb default. */
export interface CompareOptions {
  /** Record name, carried into the result for reports. Default `''`. */
  recordName: string;
  /** Match window: a test beat matches a reference beat at most this far away, in ms. Default 150 (EC57). */
  matchWindowMs: number;
  /** Start of the scored period, in s from record start (bxb `-f`). Default 300 (EC57's 5-minute learning period); 0 scores the whole record. */
  startSec: number;
  /**
   * End of the scored period, as a sample index (bxb `-t`): the comparison goes on while either the next
   * reference or the next test beat is at or before it. Pass the record's length in samples to reproduce
   * `bxb`'s default on a record whose header gives the length; null (default) stops at the last reference beat.
   */
  endSample: number | null;
  /** AAMI grouping of reference symbols. Default `'de-chazal'`. */
  mapping: ClassMapping;
}

/** Default comparison options (EC57: 150 ms window, scoring from 5:00, de Chazal's class mapping). */
export const DEFAULT_COMPARE_OPTIONS: Readonly<CompareOptions> = Object.freeze({
  recordName: '',
  matchWindowMs: 150,
  startSec: 300,
  endSample: null,
  mapping: 'de-chazal',
});

/** Result of one record's beat-by-beat comparison. */
export interface RecordComparison {
  recordName: string;
  fsHz: number;
  mapping: ClassMapping;
  /** Match window actually used, in samples (bxb rounds seconds × fsHz to the nearest sample). */
  matchWindowSamples: number;
  /** First scored sample. */
  startSample: number;
  /** End of the scored period (null: end of the reference annotations). */
  endSample: number | null;
  /** Beat confusion matrix `[reference row][test column]`, see `REFERENCE_ROWS` / `TEST_COLUMNS`. */
  matrix: ConfusionMatrix;
  /** RMS difference between paired reference and test RR intervals, in ms (bxb `-L` "RR err"); null when none was paired. */
  rmsRrErrorMs: number | null;
  /** EC57 statistics of `matrix`. */
  stats: Ec57Statistics;
}

/** Pseudo-labels of the comparison, after the five AAMI classes 0..4 (N S V F Q). */
const LABEL_NONE = 5; // no beat: an unmatched test beat's reference, or an unmatched reference beat's test
const LABEL_SHUTDOWN = 6; // test beat inside a reference shutdown period (counted as no reference beat)
const LABEL_IGNORED = 7; // test beat inside reference ventricular flutter, or end of file: not counted
const LABEL_INITIAL = 8; // state before any annotation was read
const CLASS_CODE: Readonly<Record<AamiClass, number>> = Object.freeze({ N: 0, S: 1, V: 2, F: 3, Q: 4 });
const HUGE_TIME = Number.MAX_SAFE_INTEGER;
const NOISE_SYMBOL = '~';
const SHUTDOWN_BITS = 0x30;

function toSamples(seconds: number, fsHz: number): number {
  return Math.floor(seconds * fsHz + 0.5); // WFDB strtim() rounding
}

function isShutdownOnset(ann: Annotation): boolean {
  return ann.symbol === NOISE_SYMBOL && (ann.subtype & SHUTDOWN_BITS) === SHUTDOWN_BITS;
}

/**
 * Reads reference beats the way bxb's `getref()` does: non-beat annotations are skipped, ventricular flutter
 * spans `[`…`]` are skipped whole, and shutdown (noise annotations with subtype bits 4 and 5 set) is tracked.
 * The current and previous flutter and shutdown spans are remembered for the pseudo-label of unmatched test beats.
 */
class ReferenceStream {
  time = 0;
  label = LABEL_INITIAL;
  nextTime = 0;
  nextLabel = LABEL_INITIAL;
  rrSamples = 0;
  private index = 0;
  private vfOn = -1;
  private vfOff = -1;
  private prevVfOn = -1;
  private prevVfOff = -1;
  private sdOn = -1;
  private sdOff = -1;
  private prevSdOn = -1;
  private prevSdOff = -1;

  constructor(
    private readonly anns: readonly Annotation[],
    private readonly mapping: ClassMapping,
    private readonly windowSamples: number,
  ) {}

  advance(): void {
    const previous = this.time;
    this.time = this.nextTime;
    this.label = this.nextLabel;
    const t = this.time;
    const interrupted = (on: number): boolean => previous <= on && on < t;
    this.rrSamples =
      previous === 0 ||
      t === HUGE_TIME ||
      interrupted(this.vfOn) ||
      interrupted(this.sdOn) ||
      interrupted(this.prevVfOn) ||
      interrupted(this.prevSdOn)
        ? 0
        : t - previous;
    this.readNextBeat();
  }

  /** Label for a test beat at `t` that matches no reference beat. */
  pseudoLabel(t: number): number {
    const inSpan = (on: number, off: number, open: boolean): boolean => on !== -1 && on <= t && (t <= off || (open && off === -1));
    if (inSpan(this.vfOn, this.vfOff, true) || inSpan(this.prevVfOn, this.prevVfOff, false)) return LABEL_IGNORED;
    if (inSpan(this.sdOn, this.sdOff, true) || inSpan(this.prevSdOn, this.prevSdOff, false)) return LABEL_SHUTDOWN;
    return LABEL_NONE;
  }

  private endOfFile(): void {
    this.nextTime = HUGE_TIME;
    this.nextLabel = LABEL_IGNORED;
  }

  private readNextBeat(): void {
    while (this.index < this.anns.length) {
      const ann = this.anns[this.index++] as Annotation;
      const cls = scoringClassOfSymbol(ann.symbol, this.mapping);
      if (cls !== null) {
        this.nextTime = ann.sample;
        this.nextLabel = cls === 'O' ? LABEL_NONE : CLASS_CODE[cls];
        return;
      }
      if (isShutdownOnset(ann)) {
        if (!this.readShutdown(ann)) return;
      } else if (ann.symbol === '[') {
        if (!this.skipFlutter(ann)) return;
      }
    }
    this.endOfFile();
  }

  /** Returns false when the file ended inside the shutdown (the stream is then at its end). */
  private readShutdown(onset: Annotation): boolean {
    this.prevSdOn = this.sdOn;
    this.prevSdOff = this.sdOff;
    this.sdOn = onset.sample;
    const following = this.anns[this.index];
    if (following === undefined) {
      this.sdOff = HUGE_TIME;
      this.endOfFile();
      return false;
    }
    if (following.symbol === NOISE_SYMBOL && (following.subtype & SHUTDOWN_BITS) !== SHUTDOWN_BITS) {
      this.sdOff = following.sample;
      this.index++;
    } else {
      // A lone shutdown mark (AHA style): shutdown spans from one window after the last beat or flutter end
      // to one window before the next annotation, which is then read normally.
      this.sdOn = (this.vfOff > this.time ? this.vfOff : this.time) + this.windowSamples;
      this.sdOff = following.sample - this.windowSamples;
      if (this.sdOn > this.sdOff) this.sdOn = this.sdOff;
    }
    return true;
  }

  /** Returns false when the file ended inside the flutter span. */
  private skipFlutter(onset: Annotation): boolean {
    this.prevVfOn = this.vfOn;
    this.prevVfOff = this.vfOff;
    this.vfOn = onset.sample;
    for (;;) {
      const ann = this.anns[this.index++];
      if (ann === undefined) {
        this.endOfFile();
        return false;
      }
      if (ann.symbol === ']') {
        this.vfOff = ann.sample;
        return true;
      }
    }
  }
}

/** Reads test beats the way bxb's `gettest()` does (test marks carry no noise or flutter annotations). */
class TestStream {
  time = 0;
  label = LABEL_INITIAL;
  nextTime = 0;
  nextLabel = LABEL_INITIAL;
  rrSamples = 0;
  private index = 0;

  constructor(private readonly beats: readonly BeatMark[]) {}

  advance(): void {
    const previous = this.time;
    this.time = this.nextTime;
    this.label = this.nextLabel;
    this.rrSamples = previous === 0 || this.time === HUGE_TIME ? 0 : this.time - previous;
    const beat = this.beats[this.index++];
    if (beat === undefined) {
      this.nextTime = HUGE_TIME;
      this.nextLabel = LABEL_IGNORED;
    } else {
      this.nextTime = beat.sample;
      this.nextLabel = CLASS_CODE[beat.cls];
    }
  }
}

function checkInputs(reference: readonly Annotation[], test: readonly BeatMark[], fsHz: number, name: string): void {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new Error(`compareBeats ${name}: sampling frequency must be positive, got ${fsHz}`);
  const ordered = (samples: (i: number) => number, n: number, what: string): void => {
    for (let i = 0; i < n; i++) {
      const s = samples(i);
      if (!Number.isSafeInteger(s)) throw new Error(`compareBeats ${name}: ${what} ${i} has invalid sample ${s}`);
      if (i > 0 && s < samples(i - 1)) throw new Error(`compareBeats ${name}: ${what} ${i} at sample ${s} is out of order`);
    }
  };
  ordered((i) => (reference[i] as Annotation).sample, reference.length, 'reference annotation');
  ordered((i) => (test[i] as BeatMark).sample, test.length, 'test beat');
}

/**
 * Beat-by-beat comparison of test beats with reference annotations, reproducing WFDB `bxb`.
 *
 * Reference beats are the annotations WFDB's `isqrs` counts as beats; other annotations are ignored, except
 * that flutter spans `[`…`]` are not scored (test beats inside them are not counted) and shutdown spans (noise
 * annotations with subtype bits 4–5 set) turn unmatched test beats into shutdown extras. A test and a reference
 * beat are paired when they lie within the match window and neither has a closer partner (with bxb's 2002
 * refinement for consecutive beats both inside the window). The scored period starts at `startSec`; a test beat
 * within one window after the start that matches nothing is skipped, and the last test beat of the learning
 * period may still pair with the first reference beat, as in bxb.
 *
 * Sources: ANSI/AAMI EC57:1998/(R)2008 and EC38:1998 beat-by-beat comparison; WFDB bxb (G. Moody,
 * app/bxb.c, https://physionet.org/physiotools/wag/bxb-1.htm).
 *
 * @param reference - reference annotations of one record, sorted by sample (e.g. `readAnnotations(REC.atr)`)
 * @param test - test beats of the same record, sorted by sample
 * @param fsHz - sampling frequency of the sample indices, in Hz
 * @param options - see `CompareOptions`; omitted fields take `DEFAULT_COMPARE_OPTIONS`
 * @returns confusion matrix, RR error and EC57 statistics
 * @throws Error naming the record when fsHz is not positive or a sample index is not an integer or out of order
 */
export function compareBeats(
  reference: readonly Annotation[],
  test: readonly BeatMark[],
  fsHz: number,
  options: Partial<CompareOptions> = {},
): RecordComparison {
  const opts: CompareOptions = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  checkInputs(reference, test, fsHz, opts.recordName);
  const window = toSamples(opts.matchWindowMs / 1000, fsHz);
  const start = toSamples(opts.startSec, fsHz);
  const end = opts.endSample;
  const ref = new ReferenceStream(reference, opts.mapping, window);
  const tst = new TestStream(test);
  const matrix = emptyConfusionMatrix();
  let rrSumSquares = 0;
  let rrCount = 0;

  const pair = (refLabel: number, testLabel: number): void => {
    const row = refLabel < UNMATCHED ? refLabel : refLabel === LABEL_NONE || refLabel === LABEL_SHUTDOWN ? UNMATCHED : -1;
    const col = testLabel < UNMATCHED ? testLabel : testLabel === LABEL_NONE ? UNMATCHED : -1;
    if (row >= 0 && col >= 0 && !(row === UNMATCHED && col === UNMATCHED)) (matrix[row] as number[])[col]! += 1;
    if (ref.rrSamples > 0 && tst.rrSamples > 0) {
      const diff = ref.rrSamples - tst.rrSamples;
      rrSumSquares += diff * diff;
      rrCount++;
    }
  };

  do ref.advance();
  while (ref.time < start);
  do tst.advance();
  while (tst.nextTime < start);

  if (ref.time - tst.time < Math.abs(ref.time - tst.nextTime) && ref.time - tst.time <= window) {
    if (ref.label !== LABEL_INITIAL || tst.label !== LABEL_INITIAL) pair(ref.label, tst.label);
    ref.advance();
    tst.advance();
  } else {
    tst.advance();
    if (tst.time - start <= window && Math.abs(ref.time - tst.nextTime) < Math.abs(ref.time - tst.time)) tst.advance();
  }

  while (end === null ? ref.time !== HUGE_TIME : ref.time <= end || tst.time <= end) {
    const T = ref.time;
    const t = tst.time;
    if (t < T) {
      if (T - t <= window && (T - t < Math.abs(T - tst.nextTime) || Math.abs(ref.nextTime - tst.nextTime) < Math.abs(T - tst.nextTime))) {
        pair(ref.label, tst.label);
        ref.advance();
        tst.advance();
      } else {
        pair(ref.pseudoLabel(t), tst.label);
        tst.advance();
      }
    } else if (
      t - T <= window &&
      (t - T < Math.abs(t - ref.nextTime) || Math.abs(tst.nextTime - ref.nextTime) < Math.abs(t - ref.nextTime))
    ) {
      pair(ref.label, tst.label);
      tst.advance();
      ref.advance();
    } else {
      pair(ref.label, LABEL_NONE);
      ref.advance();
    }
  }

  return {
    recordName: opts.recordName,
    fsHz,
    mapping: opts.mapping,
    matchWindowSamples: window,
    startSample: start,
    endSample: end,
    matrix,
    rmsRrErrorMs: rrCount > 0 ? (Math.sqrt(rrSumSquares / rrCount) * 1000) / fsHz : null,
    stats: ec57Statistics(matrix),
  };
}
