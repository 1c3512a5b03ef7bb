import { zeroPhaseBandPass } from '../dsp/zero-phase-band-pass';
import { readSignalRange } from '../formats/read-signal-range';
import { toPhysicalFrames } from '../wfdb/record';
import { sampleWindow, type WindowLayout } from './window-layout';

/** Where and how {@link forEachBeatWindow} reads. */
export interface BeatWindowReading {
  headerPath: string;
  /** frames in the record */
  recordSamples: number;
  fsHz: number;
  /** 0-based signal numbers to read (each with one sample per frame) */
  signals: readonly number[];
  /** band-pass cutoffs, in Hz */
  highPassHz: number;
  lowPassHz: number;
  /** a span read at once covers the beats within this many samples of its first beat */
  chunkSamples: number;
  /** samples read beyond a span's windows so the band-pass settles */
  filterMarginSamples: number;
}

/**
 * Cuts band-passed windows around beats out of a record without holding the record in memory: the
 * record is read in spans around runs of beats (each at most `chunkSamples` plus margins; stretches
 * without beats are not read), the chosen signals converted to mV (WFDB invalid samples become NaN,
 * then flat, see zeroPhaseBandPass) and band-passed, and every beat's window cut for each layout
 * ({@link sampleWindow}: box-averaged to the layout's rate, median baseline removed, 0 beyond the
 * record's edges).
 *
 * @param reading - record, signals, band and span sizes
 * @param beatSamples - R-peak sample of each beat to visit, 0-based, non-decreasing, within the record
 * @param layouts - window layouts to cut for every beat
 * @param visit - called once per beat in order with its index in `beatSamples` and one window per
 *   layout (leads × samplesPerLead, lead-major); the arrays are reused, so copy what must be kept
 * @throws WfdbError (from readSignalRange) when the record cannot be read
 */
export function forEachBeatWindow(
  reading: BeatWindowReading,
  beatSamples: Int32Array,
  layouts: readonly WindowLayout[],
  visit: (beat: number, windows: readonly Float32Array[]) => void,
): void {
  const { headerPath, recordSamples, fsHz, signals, chunkSamples } = reading;
  const reach = Math.max(0, ...layouts.flatMap((l) => [-l.startOffset, l.startOffset + l.samplesPerLead * l.step]));
  const margin = reach + reading.filterMarginSamples;
  const windows = layouts.map((l) => new Float32Array(signals.length * l.samplesPerLead));
  const scratch = new Float32Array(Math.max(1, ...layouts.map((l) => l.samplesPerLead)));
  let first = 0;
  while (first < beatSamples.length) {
    const spanFirstSample = beatSamples[first] as number;
    let end = first + 1;
    while (end < beatSamples.length && (beatSamples[end] as number) < spanFirstSample + chunkSamples) end++;
    const startSample = Math.max(0, spanFirstSample - margin);
    const endSample = Math.min(recordSamples, (beatSamples[end - 1] as number) + margin + 1);
    const record = readSignalRange(headerPath, { startSample, endSample, verifyChecksums: false });
    const span = {
      startSample,
      leadsMv: signals.map((s) => zeroPhaseBandPass(toPhysicalFrames(record, s), fsHz, reading.highPassHz, reading.lowPassHz)),
    };
    for (let b = first; b < end; b++) {
      layouts.forEach((layout, w) => sampleWindow(span, beatSamples[b] as number, layout, windows[w] as Float32Array, 0, scratch));
      visit(b, windows);
    }
    first = end;
  }
}
