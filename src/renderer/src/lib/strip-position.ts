/**
 * Where the 10 s strip may start within a record.
 */

/**
 * Clamps a strip start so the whole strip lies inside the record.
 * @param startS - wanted strip start, in s from record start
 * @param durationS - record length, in s
 * @param windowS - strip length, in s
 * @returns start in [0, max(0, durationS − windowS)], rounded to 1 ms; 0 for NaN
 */
export function clampStripStartS(startS: number, durationS: number, windowS: number): number {
  const latest = Math.max(0, durationS - windowS);
  const clamped = Number.isFinite(startS) ? Math.min(Math.max(startS, 0), latest) : 0;
  return Math.round(clamped * 1000) / 1000;
}

/**
 * The strip start that puts a time in the strip's centre, clamped to the record.
 * @param timeS - time to centre, in s from record start
 * @param durationS - record length, in s
 * @param windowS - strip length, in s
 */
export function stripStartCentredOn(timeS: number, durationS: number, windowS: number): number {
  return clampStripStartS(timeS - windowS / 2, durationS, windowS);
}

/**
 * The sample span the strip covers.
 * @param startS - strip start, in s
 * @param windowS - strip length, in s
 * @param fsHz - sampling frequency, in Hz
 * @param nSamples - record length, in samples
 * @returns `[startSample, endSample)` with endSample ≤ nSamples and endSample > startSample when the record is not empty
 */
export function stripSampleSpan(startS: number, windowS: number, fsHz: number, nSamples: number): [number, number] {
  const startSample = Math.min(Math.max(0, Math.round(startS * fsHz)), Math.max(0, nSamples - 1));
  const endSample = Math.min(nSamples, startSample + Math.round(windowS * fsHz));
  return [startSample, Math.max(endSample, Math.min(nSamples, startSample + 1))];
}
