import type { RecordClock, ReportTime } from './record-clock';

/** One hour of the record for hourly tables. */
export interface HourBin {
  /** Bin number, 0 for the first (possibly partial) hour. */
  readonly index: number;
  /** First sample of the bin. */
  readonly onsetSample: number;
  /** Sample after the bin (exclusive). */
  readonly endSample: number;
  /** Time of the bin's start: the record start for bin 0, else a full clock hour (or a full elapsed hour). */
  readonly onset: ReportTime;
}

/** The hour bins of a record and a lookup from sample to bin. */
export interface HourBins {
  /** The bins in time order, covering the record without gaps. */
  readonly bins: readonly HourBin[];
  /** Index of the bin holding a sample inside the record. */
  indexOf(sample: number): number;
}

const HOUR_S = 3600;

/**
 * Cuts a record into hours. With a base time the bins follow the wall clock (the first runs from the record start to
 * the next full hour, e.g. 10:42:17 → 11:00:00), as Holter reports tabulate; without one they are full hours elapsed
 * since the record start. A sample belongs to the bin whose time span holds its time (sample / fsHz).
 *
 * @param clock - the record's clock.
 * @param nSamples - record length, in samples.
 * @returns the bins in time order (none for an empty record).
 */
export function hourBins(clock: RecordClock, nSamples: number): HourBins {
  const { fsHz } = clock;
  const firstHourS = clock.startOfDayS === null ? HOUR_S : HOUR_S - (clock.startOfDayS % HOUR_S);
  const boundaryS = (k: number): number => (k === 0 ? 0 : firstHourS + (k - 1) * HOUR_S);
  const bins: HourBin[] = [];
  for (let k = 0; nSamples > 0; k++) {
    const onsetSample = Math.ceil(boundaryS(k) * fsHz);
    if (onsetSample >= nSamples) break;
    const endSample = Math.min(nSamples, Math.ceil(boundaryS(k + 1) * fsHz));
    if (endSample > onsetSample) bins.push({ index: bins.length, onsetSample, endSample, onset: clock.at(onsetSample) });
  }
  const indexOf = (sample: number): number => {
    let lo = 0;
    let hi = bins.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((bins[mid] as HourBin).onsetSample <= sample) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return Object.freeze({ bins: Object.freeze(bins), indexOf });
}
