/**
 * Min/max envelopes of a signal: for consecutive bins of `binSamples` frames, the smallest and the
 * largest physical value in each (invalid samples, NaN, left out; a bin with no valid sample is NaN
 * in both). What a trace drawn at one point per bin needs so that no spike (a pacing artefact, a
 * ventricular beat) disappears when a long span is drawn on a few thousand pixels.
 */

/** Envelopes of a record's signals over a run of bins; bin `firstBin + i` covers frames [(firstBin + i)·binSamples + originSample, … + binSamples). */
export interface SignalEnvelope {
  /** the record signal index of each envelope below (null signals have none) */
  signals: number[];
  /** frames per bin */
  binSamples: number;
  /** frame at which bin 0 starts (0 for the stored pyramid; the requested start for a raw envelope) */
  originSample: number;
  /** index of the first bin held */
  firstBin: number;
  /** per signal of `signals`, the smallest value of each bin, physical units */
  min: Float32Array[];
  /** per signal, the largest value of each bin */
  max: Float32Array[];
}

/** The smaller of two values, a NaN standing for "no value". */
export function minOf(a: number, b: number): number {
  return b !== b || a <= b ? a : b;
}

/** The larger of two values, a NaN standing for "no value". */
export function maxOf(a: number, b: number): number {
  return b !== b || a >= b ? a : b;
}

/**
 * The envelope of frames [fromSample, toSample) of some signals, in bins of `binSamples` frames
 * counted from `originSample` (the first and last bins may be partly outside the range: they hold
 * only the range's frames).
 * @param leads - per signal, physical values of frames [offsetSample, offsetSample + length)
 * @param signals - the record signal index of each lead
 * @param offsetSample - record frame of `leads[s][0]`
 * @param fromSample - first frame of the range (≥ offsetSample, ≥ originSample)
 * @param toSample - frame after the range's last (≤ offsetSample + length)
 * @param binSamples - frames per bin (integer ≥ 1)
 * @param originSample - frame at which bin 0 starts (default 0)
 * @returns the envelope of the bins the range touches
 * @throws RangeError when the range is not inside the leads or binSamples is not a positive integer
 */
export function envelopeOfFrames(
  leads: readonly Float32Array[],
  signals: readonly number[],
  offsetSample: number,
  fromSample: number,
  toSample: number,
  binSamples: number,
  originSample = 0,
): SignalEnvelope {
  if (!Number.isInteger(binSamples) || binSamples < 1) throw new RangeError(`envelopeOfFrames: binSamples ${binSamples}`);
  const length = leads[0]?.length ?? 0;
  if (fromSample < offsetSample || fromSample < originSample || toSample < fromSample || toSample > offsetSample + length)
    throw new RangeError(
      `envelopeOfFrames: frames [${fromSample}, ${toSample}) lie outside the signal's [${offsetSample}, ${offsetSample + length})`,
    );
  const firstBin = Math.floor((fromSample - originSample) / binSamples);
  const endBin = toSample > fromSample ? Math.ceil((toSample - originSample) / binSamples) : firstBin;
  const min: Float32Array[] = [];
  const max: Float32Array[] = [];
  for (const lead of leads) {
    const lo = new Float32Array(endBin - firstBin).fill(Number.NaN);
    const hi = new Float32Array(endBin - firstBin).fill(Number.NaN);
    for (let bin = firstBin; bin < endBin; bin++) {
      const from = Math.max(fromSample, originSample + bin * binSamples) - offsetSample;
      const to = Math.min(toSample, originSample + (bin + 1) * binSamples) - offsetSample;
      let a = Number.NaN;
      let b = Number.NaN;
      for (let i = from; i < to; i++) {
        const v = lead[i] as number;
        if (v !== v) continue;
        if (!(v >= a)) a = v;
        if (!(v <= b)) b = v;
      }
      lo[bin - firstBin] = a;
      hi[bin - firstBin] = b;
    }
    min.push(lo);
    max.push(hi);
  }
  return { signals: [...signals], binSamples, originSample, firstBin, min, max };
}

/**
 * Joins the envelopes of consecutive stretches of a record (the chunks' owned frames, in record
 * order) into one envelope of the whole record from bin 0: a bin cut by a chunk end gets the min and
 * max of both sides.
 * @param parts - envelopes with the same binSamples, origin 0 and signals, covering the record in order
 * @param nSamples - the record's length, in frames
 * @returns the record's envelope (ceil(nSamples / binSamples) bins)
 * @throws Error when the parts do not share a bin size and signals
 */
export function joinEnvelopes(parts: readonly SignalEnvelope[], nSamples: number): SignalEnvelope {
  const first = parts[0];
  const binSamples = first?.binSamples ?? 1;
  const signals = first?.min.length ?? 0;
  const indices = first?.signals ?? [];
  const bins = Math.ceil(nSamples / binSamples);
  const min = Array.from({ length: signals }, () => new Float32Array(bins).fill(Number.NaN));
  const max = Array.from({ length: signals }, () => new Float32Array(bins).fill(Number.NaN));
  for (const part of parts) {
    if (part.binSamples !== binSamples || part.originSample !== 0 || part.signals.join() !== indices.join())
      throw new Error(
        `joinEnvelopes: a part has signals [${part.signals.join()}] in bins of ${part.binSamples}, expected [${indices.join()}] in bins of ${binSamples}`,
      );
    for (let s = 0; s < signals; s++) {
      const lo = min[s] as Float32Array;
      const hi = max[s] as Float32Array;
      const partLo = part.min[s] as Float32Array;
      const partHi = part.max[s] as Float32Array;
      for (let i = 0; i < partLo.length && part.firstBin + i < bins; i++) {
        const bin = part.firstBin + i;
        lo[bin] = minOf(lo[bin] as number, partLo[i] as number);
        hi[bin] = maxOf(hi[bin] as number, partHi[i] as number);
      }
    }
  }
  return { signals: [...indices], binSamples, originSample: 0, firstBin: 0, min, max };
}
