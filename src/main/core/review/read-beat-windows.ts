import { probeSignalRecord } from '../formats/probe-signal-record';
import { forEachBeatWindow } from './beat-window-reader';
import { BEAT_TEMPLATE_CONFIG } from './template-config';
import { windowLength, type TemplateSet } from './template-set';

/** Beats per call, at most (a review page, or a template's worth of beats moved at once). */
const MAX_BEATS_PER_READ = 200_000;

/**
 * Reads some beats' display windows exactly as the template build cut them (same signals, band-pass
 * and layout), for the beat-by-beat view of a template and for moveBeats and splitTemplate,
 * which need the windows of the beats they move. Only spans around the requested beats are read.
 *
 * @param headerPath - the record's `.hea` (the one the set was built from)
 * @param set - the template set (gives signals, band and layout)
 * @param beatSamples - R-peak sample of every beat of the set, 0-based (the list the set was built from)
 * @param beats - indices of the beats wanted, in any order (≤ 200,000)
 * @returns beats.length × leads × samplesPerLead windows in mV, in the order of `beats`
 * @throws RangeError naming the header when `beatSamples` does not match the set, an index is out of
 *   range, or too many beats are asked for; WfdbError when the record cannot be read
 */
export function readBeatWindows(headerPath: string, set: TemplateSet, beatSamples: Int32Array, beats: Int32Array): Float32Array {
  if (beatSamples.length !== set.beatCount) {
    throw new RangeError(`${headerPath}: ${beatSamples.length} beat samples for a template set of ${set.beatCount} beats`);
  }
  if (beats.length > MAX_BEATS_PER_READ)
    throw new RangeError(`${headerPath}: ${beats.length} beats asked for, at most ${MAX_BEATS_PER_READ}`);
  for (const b of beats)
    if (!(b >= 0 && b < set.beatCount)) throw new RangeError(`${headerPath}: no beat ${b} (the set has ${set.beatCount})`);
  const perWindow = windowLength(set);
  const out = new Float32Array(beats.length * perWindow);
  if (beats.length === 0) return out;
  const order = Int32Array.from(beats.keys()).sort(
    (a, b) => (beatSamples[beats[a] as number] as number) - (beatSamples[beats[b] as number] as number),
  );
  const samples = Int32Array.from(order, (row) => beatSamples[beats[row] as number] as number);
  const { header } = probeSignalRecord(headerPath);
  forEachBeatWindow(
    {
      headerPath,
      recordSamples: header.nSamples,
      fsHz: set.fsHz,
      signals: set.signals,
      highPassHz: set.bandHz[0],
      lowPassHz: set.bandHz[1],
      chunkSamples: Math.round(BEAT_TEMPLATE_CONFIG.chunkS * set.fsHz),
      filterMarginSamples: Math.round(BEAT_TEMPLATE_CONFIG.filterMarginS * set.fsHz),
    },
    samples,
    [set.layout],
    (i, [window]) => out.set(window as Float32Array, (order[i] as number) * perWindow),
  );
  return out;
}
