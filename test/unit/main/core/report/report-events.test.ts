import { describe, expect, it } from 'vitest';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import { reportEvents } from '../../../../../src/main/core/report/report-events';
import { beatTrain, syntheticInput } from './synthetic-beats';

describe('reportEvents', () => {
  it('lists runs with their VT verdict, couplets, highlights, patterns, pauses, HR extremes and AF, in time order', () => {
    const labels = 'NNNNNNNNNNNNVVNNVVVVNNNVNVNVNN';
    const rr = [...labels].slice(1).map((_, i) => (i === 24 ? 2500 : i >= 15 && i <= 18 ? 500 : 800));
    const beats = beatTrain(labels, rr, 0);
    const input = syntheticInput(beats, { rhythmEpisodes: [{ label: 'AFIB', onsetSample: 1000, endSample: 5000, meanProbability: 0.8 }] });
    const events = reportEvents(holterReport(input));
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'run')).toHaveLength(1);
    const run = events.find((e) => e.kind === 'run');
    expect(run).toMatchObject({ beatClass: 'V', beats: 4, rateBpm: 120, tachycardia: 'VT', sustained: false });
    expect([run?.onsetSample, run?.endSample]).toEqual([beats[16]?.sample ?? 0, (beats[19]?.sample ?? 0) + 1]);
    expect(events.find((e) => e.kind === 'couplet')).toMatchObject({ beatClass: 'V', onsetSample: beats[12]?.sample });
    expect(events.filter((e) => e.kind === 'longest-run' || e.kind === 'fastest-run').map((e) => e.onsetSample)).toEqual([
      beats[16]?.sample,
      beats[16]?.sample,
    ]);
    expect(events.find((e) => e.kind === 'bigeminy')).toMatchObject({
      cycles: 3,
      onsetSample: beats[22]?.sample,
      endSample: (beats[27]?.sample ?? 0) + 1,
    });
    expect(events.find((e) => e.kind === 'pause')).toMatchObject({
      rrMs: 2500,
      onsetSample: beats[24]?.sample,
      endSample: (beats[25]?.sample ?? 0) + 1,
    });
    expect(events.find((e) => e.kind === 'af-episode')).toMatchObject({ onsetSample: 1000, endSample: 5000, durationS: 4 });
    expect(kinds).toContain('min-hr');
    expect(kinds).toContain('max-hr');
    const onsets = events.map((e) => e.onsetSample);
    expect(onsets).toEqual([...onsets].sort((a, b) => a - b));
  });

  it('is empty for a record without findings or beats', () => {
    expect(reportEvents(holterReport(syntheticInput([])))).toEqual([]);
  });
});
