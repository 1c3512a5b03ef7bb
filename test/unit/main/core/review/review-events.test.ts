import { describe, expect, it } from 'vitest';
import { reviewEvents } from '../../../../../src/main/core/review/review-events';
import type { BeatList } from '../../../../../src/main/core/store/review-store';
import type { AamiClass } from '../../../../../src/shared/labels';

const FS_HZ = 360;

/** 60 beats 0.8 s apart from 1 s, beats 20–22 V at 0.5 s coupling (a run of 3), then a 2.5 s pause before beat 40. */
function beats(artefactAt: number[] = []): BeatList {
  const samples: number[] = [];
  let t = FS_HZ;
  for (let i = 0; i < 60; i++) {
    samples.push(Math.round(t));
    t += (i >= 19 && i <= 21 ? 0.5 : i === 39 ? 2.5 : 0.8) * FS_HZ;
  }
  const labels: AamiClass[] = samples.map((_, i) => (i >= 20 && i <= 22 ? 'V' : 'N'));
  return {
    beatIds: Float64Array.from(samples, (_, i) => i + 1),
    samples: Int32Array.from(samples),
    labels,
    artefact: Uint8Array.from(samples, (_, i) => (artefactAt.includes(i) ? 1 : 0)),
  };
}

const input = (list: BeatList) => ({ recordName: 'synthetic', fsHz: FS_HZ, nSamples: 70 * FS_HZ, beats: list, episodes: [] });

describe('reviewEvents', () => {
  it('lists the V run and the pause with the spans that open their strips', () => {
    const list = beats();
    const events = reviewEvents(input(list));
    const run = events.find((e) => e.kind === 'run');
    expect(run).toMatchObject({ beatClass: 'V', beats: 3, onsetSample: list.samples[20], endSample: (list.samples[22] as number) + 1 });
    const pause = events.find((e) => e.kind === 'pause');
    expect(pause).toMatchObject({ onsetSample: list.samples[39], endSample: (list.samples[40] as number) + 1 });
    expect(pause?.rrMs).toBeCloseTo(2500, 0);
  });

  it('follows the edits: an artefact beat inside the run breaks it, and one next to the pause drops the pause', () => {
    const events = reviewEvents(input(beats([21, 40])));
    expect(events.filter((e) => e.kind === 'run')).toEqual([]);
    expect(events.filter((e) => e.kind === 'pause')).toEqual([]);
  });
});
