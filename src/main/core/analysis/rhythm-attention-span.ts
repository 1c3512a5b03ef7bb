import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';

/**
 * Where the attention steps of a rhythm window lie in time, as stored with an analysis: step k covers
 * [offsetS + k·stepS, offsetS + (k+1)·stepS) seconds after the window's first sample.
 */
export interface RhythmAttentionLayout {
  /** attention steps per window */
  readonly steps: number;
  /** length of one step, in s */
  readonly stepS: number;
  /** start of step 0 after the window's start, in s */
  readonly offsetS: number;
}

/**
 * The attention layout of a rhythm model: its network pools the window by `attention.stepSamples`
 * model-rate samples per step from the window's first sample, so step k covers
 * [k·stepSamples, (k+1)·stepSamples) / fsHz seconds (64 / 100 Hz = 0.64 s for the committed model,
 * whose 46 steps end 0.56 s before the 30 s window does). A model meta.json without `stepSamples`
 * gives the steps as tiling the window (windowS / steps each).
 * @param meta - the rhythm model's meta.json
 * @returns steps, step length and offset, in s
 */
export function rhythmAttentionLayout(meta: RhythmModelMeta): RhythmAttentionLayout {
  const { steps, stepSamples } = meta.attention;
  return { steps, stepS: stepSamples !== undefined ? stepSamples / meta.fsHz : meta.windowS / steps, offsetS: 0 };
}

/**
 * The span of a stored rhythm window's attention steps, in record samples, for the overlay
 * (paintAttention spreads the steps evenly over it).
 * @param windowStartSample - the window's first sample, at the record's rate
 * @param fsHz - the record's sampling rate, in Hz (> 0)
 * @param windowS - the window's length, in s
 * @param layout - the stored layout; a null step length (analyses stored without it) spreads the
 *   steps over the whole window, the only reading those rows allow
 * @returns [spanStart, spanEnd) in samples (spanEnd may be fractional: a step need not be a whole number of record samples)
 */
export function rhythmAttentionSpan(
  windowStartSample: number,
  fsHz: number,
  windowS: number,
  layout: { readonly steps: number; readonly stepS: number | null; readonly offsetS: number | null },
): { spanStart: number; spanEnd: number } {
  if (layout.stepS === null) return { spanStart: windowStartSample, spanEnd: windowStartSample + windowS * fsHz };
  const spanStart = windowStartSample + (layout.offsetS ?? 0) * fsHz;
  return { spanStart, spanEnd: spanStart + layout.steps * layout.stepS * fsHz };
}
