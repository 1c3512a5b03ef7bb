import type { NnIntervals } from './nn-intervals';

/** Parameters of the time-domain HRV measures. */
export interface HrvConfig {
  /** Segment length for SDANN and SDNN index, in seconds (Task Force: 5 min). Segments start at the record start. */
  readonly segmentS: number;
  /** Threshold of pNN50, in ms: successive NN differences strictly greater than this count (Task Force: 50 ms). */
  readonly pnnThresholdMs: number;
}

/** Task Force defaults: 5-min segments from the record start, pNN50 threshold 50 ms. */
export const HRV_CONFIG: HrvConfig = Object.freeze({ segmentS: 300, pnnThresholdMs: 50 });

/** Time-domain HRV of one record; each measure is null when too few NN intervals define it. */
export interface HrvTimeDomain {
  /** Accepted NN intervals. */
  readonly nnCount: number;
  /** Mean NN interval, ms (null without NN). */
  readonly meanNnMs: number | null;
  /** SDNN: sample standard deviation (n − 1) of all NN, ms (null with < 2 NN). */
  readonly sdnnMs: number | null;
  /** SDANN: sample SD of the mean NN of each segment holding ≥ 1 NN, ms (null with < 2 such segments). */
  readonly sdannMs: number | null;
  /** SDNN index: mean of the sample SDs of NN in each segment holding ≥ 2 NN, ms (null without such a segment). */
  readonly sdnnIndexMs: number | null;
  /** RMSSD: root mean square of differences of successive NN (two NN sharing a beat), ms (null without a pair). */
  readonly rmssdMs: number | null;
  /** pNN50: percentage (0..100) of those differences whose magnitude exceeds the threshold (null without a pair). */
  readonly pnn50Percent: number | null;
  /** Successive NN differences used by RMSSD and pNN50. */
  readonly successivePairs: number;
  /** Segments holding ≥ 1 NN (used by SDANN). */
  readonly segments: number;
}

function mean(x: readonly number[]): number {
  return x.reduce((a, v) => a + v, 0) / x.length;
}

function sampleSd(x: readonly number[]): number | null {
  if (x.length < 2) return null;
  const m = mean(x);
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1));
}

/**
 * Time-domain HRV after the Task Force of the ESC and NASPE (Heart rate variability: standards of measurement,
 * physiological interpretation and clinical use, Circulation 93(5):1043–1065, 1996, doi:10.1161/01.CIR.93.5.1043):
 * SDNN, SDANN, SDNN index, RMSSD and pNN50 on edited NN intervals. An NN interval belongs to the segment holding its
 * first beat; segments are counted from sample 0 (the last one may be partial). SDs are sample SDs (n − 1).
 *
 * @param nn - NN intervals after editing (`nnIntervals`).
 * @param fsHz - sampling frequency, in Hz.
 * @param config - segment length and pNN threshold; defaults to {@link HRV_CONFIG}.
 * @returns the measures, in ms and percent.
 * @throws RangeError when the segment length or threshold is not positive and finite.
 */
export function hrvTimeDomain(nn: NnIntervals, fsHz: number, config: HrvConfig = HRV_CONFIG): HrvTimeDomain {
  const { segmentS, pnnThresholdMs } = config;
  if (!(segmentS > 0 && Number.isFinite(segmentS) && pnnThresholdMs > 0 && Number.isFinite(pnnThresholdMs)))
    throw new RangeError(`hrvTimeDomain: invalid config ${JSON.stringify(config)}`);
  const { nnMs, onsetSample, followsPrevious } = nn;
  const segments = new Map<number, number[]>();
  const differences: number[] = [];
  nnMs.forEach((v, k) => {
    const segment = Math.floor((onsetSample[k] as number) / (segmentS * fsHz));
    const list = segments.get(segment);
    if (list === undefined) segments.set(segment, [v]);
    else list.push(v);
    if (followsPrevious[k] === true) differences.push(v - (nnMs[k - 1] as number));
  });
  const lists = [...segments.values()];
  const segmentSds = lists.map(sampleSd).filter((sd): sd is number => sd !== null);
  return Object.freeze({
    nnCount: nnMs.length,
    meanNnMs: nnMs.length > 0 ? mean(nnMs) : null,
    sdnnMs: sampleSd(nnMs),
    sdannMs: sampleSd(lists.map(mean)),
    sdnnIndexMs: segmentSds.length > 0 ? mean(segmentSds) : null,
    rmssdMs: differences.length > 0 ? Math.sqrt(mean(differences.map((d) => d * d))) : null,
    pnn50Percent:
      differences.length > 0 ? (100 * differences.filter((d) => Math.abs(d) > pnnThresholdMs).length) / differences.length : null,
    successivePairs: differences.length,
    segments: lists.length,
  });
}
