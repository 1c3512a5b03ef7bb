import { describe, expect, it } from 'vitest';
import { holterReport, HOLTER_REPORT_CONFIG } from '../../../../../src/main/core/report/holter-report';
import type { ReportBeat } from '../../../../../src/main/core/report/report-input';
import { beatTrain, nonFiniteNumbers, syntheticInput } from './synthetic-beats';

describe('holterReport on degenerate input', () => {
  it('has null figures and zero counts, never NaN, without beats', () => {
    const report = holterReport(syntheticInput([], { nSamples: 60_000 }));
    expect(nonFiniteNumbers(report)).toEqual([]);
    expect(report.timeBase).toEqual({
      recordS: 60,
      analysedS: 60,
      excludedS: 0,
      excludedPercent: 0,
      excludedSpanCount: 0,
      excludedBeats: 0,
    });
    expect([report.heartRate.meanBpm, report.heartRate.min, report.heartRate.max, report.heartRate.rrCount]).toEqual([null, null, null, 0]);
    expect([report.hrv.nnCount, report.hrv.sdnnMs, report.hrv.rmssdMs]).toEqual([0, null, null]);
    expect([report.ectopy.V.beats, report.ectopy.V.burdenPercent, report.ectopy.V.longestRun]).toEqual([0, null, null]);
    expect([report.pauses.pauses, report.pauses.longestRr]).toEqual([[], null]);
    expect(report.heartRate.hourly.map((h) => [h.beats, h.minBpm, h.meanBpm])).toEqual([[0, null, null]]);
  });

  it('has no RR figures for one beat, but counts it', () => {
    const report = holterReport(syntheticInput([{ sample: 100, label: 'V', excluded: false }]));
    expect(nonFiniteNumbers(report)).toEqual([]);
    expect([report.ectopy.analysedBeats, report.ectopy.V.isolated, report.ectopy.V.burdenPercent]).toEqual([1, 1, 100]);
    expect([report.heartRate.meanBpm, report.pauses.longestRr, report.ectopy.V.runs]).toEqual([null, null, []]);
  });

  it('reports everything excluded as no analysed time, beats or rates', () => {
    const beats = beatTrain('NNVVVNN', 500);
    const report = holterReport(syntheticInput(beats, { nSamples: 10_000, excludedSpans: [{ onsetSample: 0, endSample: 10_000 }] }));
    expect(nonFiniteNumbers(report)).toEqual([]);
    expect([report.timeBase.analysedS, report.timeBase.excludedS, report.timeBase.excludedPercent, report.timeBase.excludedBeats]).toEqual([
      0, 10, 100, 7,
    ]);
    expect([report.ectopy.analysedBeats, report.ectopy.V.burdenPercent, report.heartRate.meanBpm, report.hrv.nnCount]).toEqual([
      0,
      null,
      null,
      0,
    ]);
    const flagged = holterReport(syntheticInput(beats.map((b) => ({ ...b, excluded: true }))));
    expect([flagged.timeBase.excludedBeats, flagged.ectopy.V.beats, flagged.heartRate.rrCount]).toEqual([7, 0, 0]);
  });

  it('has nulls, not NaN, for an empty record', () => {
    const report = holterReport(syntheticInput([], { nSamples: 0 }));
    expect(nonFiniteNumbers(report)).toEqual([]);
    expect([report.timeBase.excludedPercent, report.heartRate.hourly, report.episodes.rhythm.AFIB.burdenPercent]).toEqual([null, [], null]);
  });

  it('states the time base with overlapping excluded spans merged', () => {
    const spans = [
      { onsetSample: 1000, endSample: 3000 },
      { onsetSample: 2000, endSample: 4000 },
      { onsetSample: 8000, endSample: 9000 },
    ];
    const t = holterReport(syntheticInput(beatTrain('NNNNNNNNNN', 1000), { nSamples: 20_000, excludedSpans: spans })).timeBase;
    expect(t).toEqual({ recordS: 20, analysedS: 16, excludedS: 4, excludedPercent: 20, excludedSpanCount: 2, excludedBeats: 4 });
  });
});

describe('holterReport input checks', () => {
  const ok = beatTrain('NNN', 800);
  const bad = (beats: ReportBeat[]) => syntheticInput(beats, { recordName: '208', nSamples: 10_000 });
  it.each([
    [
      'unsorted beats',
      bad([ok[1], ok[0]] as ReportBeat[]),
      /record 208: beat 1 \(sample 1000\) is not after the previous beat \(sample 1800\)/,
    ],
    ['duplicate beats', bad([ok[0], ok[0]] as ReportBeat[]), /beat 1 \(sample 1000\) is not after/],
    [
      'a beat outside the record',
      bad([{ sample: 10_000, label: 'N', excluded: false }]),
      /beat 0 \(sample 10000\) is not an integer sample inside \[0, 10000\)/,
    ],
    ['a fractional sample', bad([{ sample: 1.5, label: 'N', excluded: false }]), /beat 0 \(sample 1.5\)/],
    ['an unknown label', bad([{ sample: 5, label: 'X' as 'N', excluded: false }]), /beat 0 \(sample 5\) has unknown label 'X'/],
    ['a reversed span', { ...bad(ok), excludedSpans: [{ onsetSample: 50, endSample: 40 }] }, /excluded span 0 \[50, 40\)/],
    ['a span past the end', { ...bad(ok), excludedSpans: [{ onsetSample: 50, endSample: 10_001 }] }, /excluded span 0/],
    [
      'overlapping episodes',
      {
        ...bad(ok),
        rhythmEpisodes: [
          { label: 'AFIB' as const, onsetSample: 0, endSample: 5000, meanProbability: 1 },
          { label: 'N' as const, onsetSample: 4000, endSample: 6000, meanProbability: 1 },
        ],
      },
      /rhythm episode 1 starts at 4000, before the previous one ends \(5000\)/,
    ],
    ['a zero sampling rate', { ...bad(ok), fsHz: 0 }, /record 208: sampling frequency 0 Hz/],
    ['a NaN length', { ...bad(ok), nSamples: Number.NaN }, /record 208: record length NaN/],
    ['a record over 35 days', { ...bad(ok), fsHz: 1, nSamples: 35 * 86_400 + 1 }, /record 208: record of 35.0 days is longer than 35 days/],
    ['a bad base time', { ...bad(ok), baseTime: '24:00:00' }, /record 208: base time/],
  ])('refuses %s with a message naming the record and the item', (_, input, message) => {
    expect(() => holterReport(input)).toThrow(message);
  });

  it('refuses thresholds out of range', () => {
    const config = { ...HOLTER_REPORT_CONFIG, thresholds: { ...HOLTER_REPORT_CONFIG.thresholds, minRunBeats: 2 } };
    expect(() => holterReport(syntheticInput(ok), config)).toThrow(/minRunBeats = 2/);
  });
});
