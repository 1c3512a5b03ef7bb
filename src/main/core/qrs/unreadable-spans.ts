import type { LeadDetections } from './multi-lead';

/** Tunables of {@link unreadableSpans}. */
export interface UnreadableConfig {
  /**
   * A window is unreadable when no lead reaches this SNR, dB ({@link leadQuality}). 2 dB: on the nstdb `em` noise
   * record (no ECG) 59 % of the windows fall below it, on mitdb 0.3 % (most in the noisy stretches of 105 and 207), and
   * none in the noisy segments of nstdb 118e06 / 119e06 (6 dB), whose beats stay readable on some lead.
   */
  minSnrDb: number;
}

/** Default: unreadable below 2 dB on every lead (see {@link UnreadableConfig}). */
export const DEFAULT_UNREADABLE_CONFIG: Readonly<UnreadableConfig> = Object.freeze({ minSnrDb: 2 });

/** A stretch too noisy to read, record samples, with a confidence (0..1). */
export interface UnreadableSpan {
  onsetSample: number;
  /** Sample after the stretch (exclusive). */
  endSample: number;
  /** 0.5 at the threshold, 1 from 5 dB below it: the mean over the stretch's windows of 0.5 + (threshold − best SNR) / 10 dB, clipped. */
  confidence: number;
}

/**
 * The unreadable stretches of [fromSample, toSample): the windows in which no lead's SNR reaches `minSnrDb` while at
 * least one lead's SNR is known (a window where no lead has beats to measure, e.g. asystole, is not called noise),
 * consecutive windows joined, clipped to the range.
 * @param leads - per lead: window SNR ({@link detectQrsMultiLead}); windows of `windowSamples` from record sample 0
 * @param windowSamples - window length, samples
 * @param fromSample - first record sample of the range
 * @param toSample - record sample after the range
 * @param config - overrides of {@link DEFAULT_UNREADABLE_CONFIG}
 * @returns the stretches in time order, disjoint
 */
export function unreadableSpans(
  leads: readonly Pick<LeadDetections, 'firstWindow' | 'snrDb'>[],
  windowSamples: number,
  fromSample: number,
  toSample: number,
  config: Partial<UnreadableConfig> = {},
): UnreadableSpan[] {
  const { minSnrDb } = { ...DEFAULT_UNREADABLE_CONFIG, ...config };
  const spans: UnreadableSpan[] = [];
  let open: { onset: number; end: number; sum: number; n: number } | null = null;
  const close = (): void => {
    if (open !== null && open.end > open.onset) {
      spans.push({ onsetSample: open.onset, endSample: open.end, confidence: open.sum / open.n });
    }
    open = null;
  };
  for (let k = Math.floor(fromSample / windowSamples); k * windowSamples < toSample; k++) {
    let best = -Infinity;
    let known = false;
    for (const l of leads) {
      const snr = l.snrDb[k - l.firstWindow];
      if (snr === undefined || snr !== snr) continue;
      known = true;
      if (snr > best) best = snr;
    }
    if (!known || best >= minSnrDb) {
      close();
      continue;
    }
    const onset = Math.max(fromSample, k * windowSamples);
    const end = Math.min(toSample, (k + 1) * windowSamples);
    const confidence = Math.min(1, Math.max(0, 0.5 + (minSnrDb - best) / 10));
    if (open === null) open = { onset, end, sum: 0, n: 0 };
    open.end = end;
    open.sum += confidence;
    open.n++;
  }
  close();
  return spans;
}
