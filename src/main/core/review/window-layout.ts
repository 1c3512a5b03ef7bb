import { kthSmallest } from '../dsp/kth-smallest';

/** Placement and sampling of a beat window relative to its R peak. */
export interface WindowLayout {
  /** offset of the window's first sample from R, in record samples (negative: before R) */
  startOffset: number;
  /** record samples per window sample (integer decimation, ≥ 1) */
  step: number;
  /** window samples per lead */
  samplesPerLead: number;
  /** rate of the window samples, in Hz (record rate / step) */
  fsHz: number;
}

/** A stretch of band-passed signal: `leadsMv[l][0]` is record sample `startSample`. */
export interface FilteredSpan {
  startSample: number;
  /** one array per lead, mV */
  leadsMv: Float32Array[];
}

/**
 * Layout of the window [startS, endS) around R at about `targetFsHz`: the record rate divided by the
 * largest integer that keeps at least `targetFsHz` (the record rate itself when it is lower).
 *
 * @param fsHz - record rate, in Hz
 * @param startS - window start relative to R, in s (negative: before R)
 * @param endS - window end relative to R, in s (> startS)
 * @param targetFsHz - lowest acceptable window rate, in Hz
 * @returns the layout; `samplesPerLead` ≥ 1
 */
export function windowLayout(fsHz: number, startS: number, endS: number, targetFsHz: number): WindowLayout {
  const step = Math.max(1, Math.floor(fsHz / targetFsHz));
  const startOffset = Math.round(startS * fsHz);
  const samplesPerLead = Math.max(1, Math.floor((Math.round(endS * fsHz) - startOffset) / step));
  return { startOffset, step, samplesPerLead, fsHz: fsHz / step };
}

/**
 * Writes one beat's window, every lead, into `out` at `outOffset` (lead-major: lead l's samples at
 * `outOffset + l × samplesPerLead`). Window sample k of a lead is the mean of the `step` record samples
 * from R + startOffset + k × step (a box average, so decimation does not alias), minus the median of
 * that lead's window (removes what baseline the band-pass left); samples beyond the span (record
 * edges) are set to that baseline, i.e. 0.
 *
 * @param span - band-passed signal around the beat
 * @param rSample - the beat's R peak, record sample
 * @param layout - window placement and rate
 * @param out - destination, at least outOffset + leads × samplesPerLead long
 * @param outOffset - first index written
 * @param scratch - work array of at least samplesPerLead entries
 */
export function sampleWindow(
  span: FilteredSpan,
  rSample: number,
  layout: WindowLayout,
  out: Float32Array,
  outOffset: number,
  scratch: Float32Array,
): void {
  const { startOffset, step, samplesPerLead } = layout;
  const first = rSample + startOffset - span.startSample;
  span.leadsMv.forEach((lead, l) => {
    const base = outOffset + l * samplesPerLead;
    let finite = 0;
    for (let k = 0; k < samplesPerLead; k++) {
      const from = first + k * step;
      let value = NaN;
      if (from >= 0 && from + step <= lead.length) {
        let sum = 0;
        for (let j = from; j < from + step; j++) sum += lead[j] as number;
        value = sum / step;
        scratch[finite++] = value;
      }
      out[base + k] = value;
    }
    const baseline = finite === 0 ? 0 : median(scratch.subarray(0, finite));
    for (let k = 0; k < samplesPerLead; k++) {
      const v = out[base + k] as number;
      out[base + k] = Number.isNaN(v) ? 0 : v - baseline;
    }
  });
}

/** Median by quickselect (Hoare's FIND, CACM 4(7):321, 1961), O(n) on average; reorders `values`. */
function median(values: Float32Array): number {
  const n = values.length;
  const mid = n >> 1;
  const upper = kthSmallest(values, mid);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}
