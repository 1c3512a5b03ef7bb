import { maxOf, minOf, type SignalEnvelope } from './signal-envelope';

/**
 * Layout of the min/max pyramid stored with each analysis. Level 0 holds the envelope of the record
 * in bins of `baseBinSamples` frames; level L+1 joins `fan` bins of level L; levels are added until
 * one has at most `tileBins` bins. Stored size: 2 values × 4 bytes per bin and signal, about
 * 8/baseBinSamples × 4/3 bytes per frame and signal (a 7-day 2-lead 360 Hz record: about 18 MB),
 * in tiles of `tileBins` bins so that a request reads only the tiles it needs.
 */
export const ENVELOPE_CONFIG = Object.freeze({
  /**
   * frames per level-0 bin (0.71 s at 360 Hz); finer requests are computed from the signal itself
   * (at 512, a 30 min page at 2000 bins came from the signal: 157 ms on the 7-day record on the
   * loaded machine, against 12.5 ms from level 0 at 256)
   */
  baseBinSamples: 256,
  /** bins of one level joined into one bin of the next */
  fan: 4,
  /** bins per stored tile, and the most bins of the top level */
  tileBins: 4096,
});

/** The layout parameters of a pyramid (ENVELOPE_CONFIG, or smaller ones in tests). */
export type EnvelopeLayout = { readonly baseBinSamples: number; readonly fan: number; readonly tileBins: number };

/** One level of a pyramid: bins from 0, per signal. */
export interface EnvelopeLevel {
  level: number;
  binSamples: number;
  min: Float32Array[];
  max: Float32Array[];
}

/**
 * The levels of a record's pyramid, from its level-0 envelope.
 * @param base - the record's envelope from bin 0 in bins of layout.baseBinSamples (joinEnvelopes)
 * @param layout - fan and top-level size
 * @returns level 0 (base's arrays) and each coarser level, until one has at most tileBins bins
 * @throws RangeError when base does not start at bin 0 of origin 0 or has another bin size
 */
export function pyramidLevels(base: SignalEnvelope, layout: EnvelopeLayout = ENVELOPE_CONFIG): EnvelopeLevel[] {
  if (base.firstBin !== 0 || base.originSample !== 0 || base.binSamples !== layout.baseBinSamples)
    throw new RangeError(`pyramidLevels: the base envelope must start at frame 0 in bins of ${layout.baseBinSamples} frames`);
  const levels: EnvelopeLevel[] = [{ level: 0, binSamples: base.binSamples, min: base.min, max: base.max }];
  for (let top = levels[0] as EnvelopeLevel; (top.min[0]?.length ?? 0) > layout.tileBins; top = levels.at(-1) as EnvelopeLevel) {
    const bins = Math.ceil((top.min[0]?.length ?? 0) / layout.fan);
    const coarser = (values: Float32Array, pick: (a: number, b: number) => number): Float32Array => {
      const out = new Float32Array(bins).fill(Number.NaN);
      for (let i = 0; i < values.length; i++) {
        const j = Math.floor(i / layout.fan);
        out[j] = pick(out[j] as number, values[i] as number);
      }
      return out;
    };
    levels.push({
      level: top.level + 1,
      binSamples: top.binSamples * layout.fan,
      min: top.min.map((v) => coarser(v, minOf)),
      max: top.max.map((v) => coarser(v, maxOf)),
    });
  }
  return levels;
}

/** Where a stored pyramid is read from (the store's tiles, or levels in memory). */
export interface EnvelopeSource {
  /** the levels held, finest first */
  levels: readonly { level: number; binSamples: number; bins: number }[];
  /** bins [fromBin, toBin) of one level of one record signal (NaN where the signal has none) */
  read(level: number, signal: number, fromBin: number, toBin: number): { min: Float32Array; max: Float32Array };
}

/**
 * The envelope of frames [startSample, endSample) in about `bins` bins, from the coarsest level
 * whose bins are no wider than the requested ones: each returned bin joins k whole bins of that
 * level (k = ceil(requested width / level width)), the first starting at the level bin that holds
 * startSample. Bin i covers frames [originSample + i·binSamples, originSample + (i+1)·binSamples) of
 * the record (the last clipped to the record). Reads at most max(bins + 1, tileBins) × fan level bins.
 * @param source - the stored pyramid
 * @param signals - record signal indices to return, in order
 * @param startSample - first frame wanted (≥ 0)
 * @param endSample - frame after the last wanted (> startSample, ≤ the record's length)
 * @param bins - bins wanted (≥ 1)
 * @returns the envelope (firstBin 0), or null when the requested bins are finer than level 0
 */
export function envelopeFromPyramid(
  source: EnvelopeSource,
  signals: readonly number[],
  startSample: number,
  endSample: number,
  bins: number,
): SignalEnvelope | null {
  const wanted = Math.ceil((endSample - startSample) / bins);
  const level = source.levels.filter((l) => l.binSamples <= wanted).at(-1);
  if (!level) return null;
  const k = Math.ceil(wanted / level.binSamples);
  const fromBin = Math.floor(startSample / level.binSamples);
  const count = Math.ceil((endSample - fromBin * level.binSamples) / (k * level.binSamples));
  const toBin = Math.min(level.bins, fromBin + count * k);
  const min: Float32Array[] = [];
  const max: Float32Array[] = [];
  for (const signal of signals) {
    const part = source.read(level.level, signal, fromBin, toBin);
    const lo = new Float32Array(count).fill(Number.NaN);
    const hi = new Float32Array(count).fill(Number.NaN);
    for (let i = 0; i < part.min.length; i++) {
      const j = Math.floor(i / k);
      lo[j] = minOf(lo[j] as number, part.min[i] as number);
      hi[j] = maxOf(hi[j] as number, part.max[i] as number);
    }
    min.push(lo);
    max.push(hi);
  }
  return { signals: [...signals], binSamples: k * level.binSamples, originSample: fromBin * level.binSamples, firstBin: 0, min, max };
}
