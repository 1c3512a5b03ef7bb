/**
 * Thresholds that turn beat sequences into findings: runs, VT/SVT, bigeminy/trigeminy and pauses. One frozen object
 * so a report states exactly which rules produced it.
 *
 * Sources: a run of ≥ 3 consecutive ventricular beats above 100 bpm is ventricular tachycardia, sustained when it
 * lasts ≥ 30 s (2017 AHA/ACC/HRS ventricular arrhythmia guideline, Al-Khatib SM et al., Circulation
 * 138(13):e272–e391, 2018, doi:10.1161/CIR.0000000000000549, definitions table); SVT likewise for ≥ 3 supraventricular
 * beats above 100 bpm. Pauses over 2.0 s are the customary Holter report threshold (configurable, e.g. 3.0 s).
 * Bigeminy (every other beat ectopic) and trigeminy (every third beat ectopic) are the MIT-BIH rhythm labels `(B` and
 * `(T` (https://physionet.org/physiobank/database/html/mitdbdir/intro.htm); the minimum of 3 cycles is this project's
 * convention.
 */
export interface ArrhythmiaThresholds {
  /** Fewest consecutive ectopic beats of one class that make a run (shorter: isolated beat or couplet). */
  readonly minRunBeats: number;
  /** A V run is VT when its rate is strictly above this, in bpm. */
  readonly vtMinRateBpm: number;
  /** An S run is SVT when its rate is strictly above this, in bpm. */
  readonly svtMinRateBpm: number;
  /** A VT/SVT run lasting at least this long (first to last beat), in seconds, is sustained. */
  readonly sustainedMinS: number;
  /** Fewest consecutive cycles (N–X for bigeminy, N–N–X for trigeminy) that make an episode. */
  readonly patternMinCycles: number;
  /** An RR interval strictly longer than this, in ms, is a pause. */
  readonly pauseMinMs: number;
}

/** Default thresholds: runs ≥ 3 beats, VT/SVT above 100 bpm, sustained ≥ 30 s, patterns ≥ 3 cycles, pauses > 2.0 s. */
export const ARRHYTHMIA_THRESHOLDS: ArrhythmiaThresholds = Object.freeze({
  minRunBeats: 3,
  vtMinRateBpm: 100,
  svtMinRateBpm: 100,
  sustainedMinS: 30,
  patternMinCycles: 3,
  pauseMinMs: 2000,
});

/**
 * Checks a thresholds object.
 * @param t - thresholds to check.
 * @throws RangeError naming the first field that is not a positive finite number (an integer ≥ 3 for
 *   `minRunBeats`, ≥ 2 for `patternMinCycles`).
 */
export function checkArrhythmiaThresholds(t: ArrhythmiaThresholds): void {
  const bad = (name: string, value: number): never => {
    throw new RangeError(`arrhythmia thresholds: ${name} = ${value} is out of range`);
  };
  if (!(Number.isInteger(t.minRunBeats) && t.minRunBeats >= 3)) bad('minRunBeats', t.minRunBeats);
  if (!(Number.isInteger(t.patternMinCycles) && t.patternMinCycles >= 2)) bad('patternMinCycles', t.patternMinCycles);
  for (const key of ['vtMinRateBpm', 'svtMinRateBpm', 'sustainedMinS', 'pauseMinMs'] as const)
    if (!(t[key] > 0 && Number.isFinite(t[key]))) bad(key, t[key]);
}
