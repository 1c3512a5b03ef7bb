import { kthSmallest } from '../dsp/kth-smallest';

/**
 * Pacemaker-stimulus features of detected beats: the shape, on every lead at once, of the steepest deflection just before
 * and at each QRS mark.
 *
 * A pacemaker stimulus is a pulse of 0.1–2 ms and 2–700 mV at the electrodes (the pulses IEC 60601-2-27 and
 * IEC 60601-2-47 require ECG monitors and ambulatory recorders to detect). Holter pacemaker analysis detects it as a
 * narrow deflection of high slope that appears on every lead at the same instant, followed within a few hundred ms by
 * the paced QRS (stimulus detection, then capture check). At 360 Hz, after
 * the MIT-BIH recordings' analogue chain (Del Mar Avionics 445 recorders, 0.1–100 Hz playback; Moody & Mark 2001), the
 * pulse of mitdb 102, 104, 107 and 217 is no longer 1 ms wide: it is the recording filter's impulse response, a rise of
 * 2–3 samples to a peak that falls back within 3–4 samples (102, 104; the lead of 107 and 217 where the QRS does not
 * start at once), with a slope of 0.28–0.62 mV/sample on both leads. A QRS's steepest slope is as steep on one lead but
 * rises further and falls later, and rarely reaches the same slope on the other lead at the same instant. So the
 * features are, at the instant of the largest slope summed over the leads within [−150, +40] ms of the mark: each lead's
 * waveform over −6…+9 samples at 360 Hz, in units of the joint slope and with the lead's slope sign, each lead's share
 * of the joint slope and its slope there against its own steepest in the search (1 when the leads are steepest at the
 * same instant, as for a stimulus), the log joint slope, the instant's offset from the mark, and the median joint slope
 * over the search against the steepest (a stimulus stands out of a quiet background; muscle noise is steep
 * everywhere). A classifier over them (pacing-classifier.ts) calls the beat paced.
 *
 * Sources:
 * - IEC 60601-2-47:2012, Particular requirements for ambulatory electrocardiographic systems, and IEC 60601-2-27:2011,
 *   for electrocardiographic monitoring equipment (pacemaker pulse amplitudes and widths to be detected).
 * - G. B. Moody, R. G. Mark, "The impact of the MIT-BIH Arrhythmia Database", IEEE Eng Med Biol 20(3):45–50, 2001
 *   (recording chain, paced records).
 * - "ECG pace pulse detection and processing", US patent 5,682,902, 1997 (a pace pulse is a slope above an adaptive
 *   threshold followed, within the expected pulse width, by a slope of the opposite sign above it).
 * - I. Jekova, S. Tabakov, I. Iliev, V. Tsibulko, K. Kostikova, "Real-time detection of pace pulses in a single lead
 *   ECG", Computing in Cardiology 45, 2018. doi:10.22489/CinC.2018.052 (cumulative slope in a narrow window).
 */

/** Tunables of {@link pacingFeatures}. */
export const PACING_FEATURE_CONFIG = Object.freeze({
  /** rate the features are taken at, Hz (other rates are interpolated linearly to it) */
  featureHz: 360,
  /** the stimulus is searched from this long before the QRS mark, s */
  searchBeforeS: 0.15,
  /** … to this long after it, s */
  searchAfterS: 0.04,
  /** waveform samples (at featureHz) kept before the steepest step */
  shapeBefore: 6,
  /** waveform samples (at featureHz) kept after it (the step's own second sample included) */
  shapeAfter: 9,
  /** leads the features use (a record with fewer repeats its last lead) */
  leads: 2,
});

const SHAPE = PACING_FEATURE_CONFIG.shapeBefore + PACING_FEATURE_CONFIG.shapeAfter + 1;

/** Per lead: the shape, the lead's share of the joint slope and its slope there against its steepest in the search. */
const PER_LEAD = SHAPE + 2;

/** Features per beat: per lead {@link PER_LEAD}, then log joint slope, offset and background slope. */
export const PACING_FEATURE_COUNT = PACING_FEATURE_CONFIG.leads * PER_LEAD + 3;

/**
 * Pacing features of beats.
 * @param leadsMv - the leads, mV (NaN for invalid samples, read as 0 slope); sample i is record sample offsetSample + i
 * @param fsHz - their rate, Hz
 * @param beats - QRS marks, record samples, each with at least 0.2 s of signal around it for full features
 * @param offsetSample - record sample of leadsMv[·][0]
 * @returns n × PACING_FEATURE_COUNT row-major (finite; zeros where the signal is missing)
 * @throws RangeError when there is no lead, the leads differ in length, or fsHz is not positive
 */
export function pacingFeatures(leadsMv: readonly Float32Array[], fsHz: number, beats: ArrayLike<number>, offsetSample = 0): Float32Array {
  if (leadsMv.length === 0) throw new RangeError('pacingFeatures: no lead');
  if (!(fsHz > 0)) throw new RangeError(`pacingFeatures: sampling frequency must be positive, got ${fsHz}`);
  const n = (leadsMv[0] as Float32Array).length;
  if (leadsMv.some((l) => l.length !== n)) throw new RangeError('pacingFeatures: the leads differ in length');
  const c = PACING_FEATURE_CONFIG;
  const leads = Array.from({ length: c.leads }, (_, l) => leadsMv[Math.min(l, leadsMv.length - 1)] as Float32Array);
  const step = fsHz / c.featureHz;
  const out = new Float32Array(beats.length * PACING_FEATURE_COUNT);
  const from = -Math.round(c.searchBeforeS * c.featureHz);
  const to = Math.round(c.searchAfterS * c.featureHz);
  const slopes = new Float64Array(c.leads);
  const steepest = new Float64Array(c.leads);
  const joints = new Float64Array(to - from + 1);
  for (let b = 0; b < beats.length; b++) {
    const mark = (beats[b] as number) - offsetSample;
    let best = -1;
    let bestK = 0;
    steepest.fill(0);
    for (let k = from; k <= to; k++) {
      const t = mark + k * step;
      let sum = 0;
      for (let l = 0; l < c.leads; l++) {
        const x = leads[l] as Float32Array;
        const d = Math.abs(interpolate(x, t + step) - interpolate(x, t));
        sum += d;
        if (d > (steepest[l] as number)) steepest[l] = d;
      }
      joints[k - from] = sum;
      if (sum > best) {
        best = sum;
        bestK = k;
      }
    }
    const t0 = mark + bestK * step;
    let joint = 0;
    for (let l = 0; l < c.leads; l++) {
      const x = leads[l] as Float32Array;
      slopes[l] = interpolate(x, t0 + step) - interpolate(x, t0);
      joint += (slopes[l] as number) ** 2;
    }
    joint = Math.sqrt(joint);
    const row = b * PACING_FEATURE_COUNT;
    for (let l = 0; l < c.leads; l++) {
      const x = leads[l] as Float32Array;
      const slope = slopes[l] as number;
      const sign = slope < 0 ? -1 : 1;
      const base = interpolate(x, t0);
      const o = row + l * PER_LEAD;
      for (let j = 0; j < SHAPE; j++) {
        out[o + j] = joint > 0 ? (sign * (interpolate(x, t0 + (j - c.shapeBefore) * step) - base)) / joint : 0;
      }
      out[o + SHAPE] = joint > 0 ? Math.abs(slope) / joint : 0;
      out[o + SHAPE + 1] = (steepest[l] as number) > 0 ? Math.abs(slope) / (steepest[l] as number) : 0;
    }
    out[row + c.leads * PER_LEAD] = Math.log10(Math.max(joint, 1e-4));
    out[row + c.leads * PER_LEAD + 1] = bestK / c.featureHz;
    out[row + c.leads * PER_LEAD + 2] = best > 0 ? kthSmallest(joints, joints.length >> 1) / best : 0;
  }
  return out;
}

/** x at fractional sample t, linear between its neighbours; the sample itself when a neighbour is missing or NaN (0 if it is too). */
function interpolate(x: Float32Array, t: number): number {
  const i = Math.floor(t);
  const a = x[i];
  const b = x[i + 1];
  if (a === undefined || b === undefined || a !== a || b !== b) return a !== undefined && a === a ? a : 0;
  return a + (b - a) * (t - i);
}
