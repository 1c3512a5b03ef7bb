import type { AamiClass } from '../../../../../src/shared/labels';
import type { HolterReportInput, ReportBeat } from '../../../../../src/main/core/report/report-input';

/** Sampling rate of the synthetic records: 1 kHz, so a sample is a millisecond. */
export const FS_HZ = 1000;

/**
 * A beat train: one beat per character of `labels` (AAMI classes), the first at `firstSample`, then each after the
 * matching RR interval of `rrMs` (one number for all, or one per interval), in ms at 1 kHz.
 */
export function beatTrain(labels: string, rrMs: number | readonly number[], firstSample = 1000): ReportBeat[] {
  let sample = firstSample;
  return [...labels].map((label, i) => {
    if (i > 0) sample += typeof rrMs === 'number' ? rrMs : (rrMs[i - 1] as number);
    return { sample, label: label as AamiClass, excluded: false };
  });
}

/** A report input at 1 kHz with no clock, exclusions or episodes unless overridden; the length defaults to last beat + 1 s. */
export function syntheticInput(beats: readonly ReportBeat[], overrides: Partial<HolterReportInput> = {}): HolterReportInput {
  const last = beats[beats.length - 1]?.sample ?? 0;
  return {
    recordName: 'synthetic',
    fsHz: FS_HZ,
    nSamples: last + FS_HZ,
    baseTime: null,
    baseDate: null,
    beats,
    excludedSpans: [],
    rhythmEpisodes: [],
    ...overrides,
  };
}

/** Paths of every number in a value that is NaN or infinite (a report must have none). */
export function nonFiniteNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, `${path}.${k}`));
}
