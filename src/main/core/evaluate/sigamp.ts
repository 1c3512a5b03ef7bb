import type { Annotation } from '../wfdb/annotations';
import type { WfdbRecord } from '../wfdb/record';

/** Settings of WFDB `sigamp` that `nst` relies on (sigamp.c defaults). */
const SIGAMP = Object.freeze({
  /** Measurements per signal (`NMAX`). */
  maxMeasurements: 300,
  /** Half-width of the peak-to-peak window around a normal QRS annotation, s (`-d 0.05 0.05`). */
  qrsHalfWindowSec: 0.05,
  /** RMS window, s (`-w 1`). */
  rmsWindowSec: 1,
  /** Fraction of the sorted measurements dropped at each end of the trimmed mean (namp / 20). */
  trimDivisor: 20,
});

/**
 * Beat labels WFDB's `map1()` (ecgmap.h) maps to NORMAL: the beats whose peak-to-peak amplitude `sigamp -a`
 * measures (normal, bundle branch block, aberrant, supraventricular premature and escape beats).
 */
const SIGAMP_NORMAL_SYMBOLS = new Set(['N', 'L', 'R', 'a', 'J', 'A', 'S', 'e', 'j', 'n']);

/** sigamp's trimmed mean: sort, drop ⌊n/20⌋ values at each end, average the rest. */
function trimmedMean(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const low = Math.floor(sorted.length / SIGAMP.trimDivisor);
  const high = sorted.length - low;
  let sum = 0;
  for (let j = low; j < high; j++) sum += sorted[j] as number;
  return sum / (high - low);
}

/**
 * Normal-QRS peak-to-peak amplitude of every signal, as `sigamp -a ANN -r REC` prints it: for each of the first 300
 * annotations mapped to NORMAL (from time 0), max − min of the samples from t − 0.05 s to t + 0.05 s inclusive; the
 * result is the trimmed mean (5 % dropped at each end) of those measurements.
 *
 * Source: WFDB Software Package `sigamp` (G. B. Moody, sigamp.c), used by `nst` to scale noise.
 * @param record clean record in ADC units (one sample per frame).
 * @param annotations its reference annotations.
 * @returns one amplitude per signal, in ADC units.
 * @throws Error naming the record when it has no normal beat to measure.
 */
export function sigampQrsPeakToPeakAdc(record: WfdbRecord, annotations: readonly Annotation[]): number[] {
  const half = Math.round(SIGAMP.qrsHalfWindowSec * record.fsHz);
  const measurements: number[][] = record.adc.map(() => []);
  let count = 0;
  for (const a of annotations) {
    if (count >= SIGAMP.maxMeasurements) break;
    if (!SIGAMP_NORMAL_SYMBOLS.has(a.symbol)) continue;
    const from = a.sample - half;
    const to = a.sample + half;
    if (from < 0 || to >= record.nSamples) break;
    record.adc.forEach((adc, s) => {
      let lo = adc[from] as number;
      let hi = lo;
      for (let t = from + 1; t <= to; t++) {
        const v = adc[t] as number;
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      measurements[s]?.push(hi - lo);
    });
    count++;
  }
  if (count === 0) throw new Error(`${record.recordName}: no normal beat annotation to measure the QRS amplitude`);
  return measurements.map(trimmedMean);
}

/**
 * RMS amplitude of every signal, as `sigamp -r REC` prints it: the record is cut into consecutive 1 s windows from
 * time 0 (at most 300); in each, RMS of (sample − window mean), the difference truncated to an integer as sigamp's
 * `int v` does; the result is the trimmed mean (5 % dropped at each end) of the window RMS values.
 *
 * Source: WFDB Software Package `sigamp` (G. B. Moody, sigamp.c), used by `nst` to scale noise.
 * @param record noise record in ADC units (one sample per frame).
 * @returns one RMS amplitude per signal, in ADC units.
 * @throws Error naming the record when it is shorter than one window.
 */
export function sigampRmsAdc(record: WfdbRecord): number[] {
  const w = Math.round(SIGAMP.rmsWindowSec * record.fsHz);
  const windows = Math.min(SIGAMP.maxMeasurements, Math.floor(record.nSamples / w));
  if (windows === 0) throw new Error(`${record.recordName}: shorter than one ${SIGAMP.rmsWindowSec} s RMS window`);
  return record.adc.map((adc) => {
    const rms: number[] = [];
    for (let k = 0; k < windows; k++) {
      const from = k * w;
      let mean = 0;
      for (let t = from; t < from + w; t++) mean += adc[t] as number;
      mean /= w;
      let sum = 0;
      for (let t = from; t < from + w; t++) {
        const v = Math.trunc((adc[t] as number) - mean);
        sum += v * v;
      }
      rms.push(Math.sqrt(sum / w));
    }
    return trimmedMean(rms);
  });
}
