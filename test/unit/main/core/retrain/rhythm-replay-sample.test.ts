/**
 * The rhythm replay sample: records of the committed model's PhysioNet 2017 train split only (never
 * its tune or validation records), as many as asked, the same for the same seed, each window
 * normalised as the classifier normalises it, labelled with its REFERENCE.csv class; and the reasons
 * when there is nothing to replay. Needs the unpacked set in data/physionet2017 (skips without it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChallenge2017Labels } from '../../../../../src/main/core/formats/physionet2017';
import { RHYTHM_LABELS } from '../../../../../src/main/core/rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../../../../../src/main/core/rhythm/rhythm-model-meta';
import { rhythmReplaySample } from '../../../../../src/main/core/retrain/rhythm-replay-sample';

const META = JSON.parse(readFileSync('resources/models/rhythm/meta.json', 'utf8')) as RhythmModelMeta;
const DATA = resolve('data/physionet2017');
const present = existsSync(join(DATA, 'REFERENCE.csv'));

describe('rhythmReplaySample', () => {
  it.skipIf(!present)('draws train-split records only, reproducibly, labelled by REFERENCE.csv', () => {
    const sample = rhythmReplaySample(DATA, META, 40, 17);
    if (sample.examples === null) throw new Error(sample.reason);
    expect(sample.records).toHaveLength(40);
    const held = new Set([...(META.split?.tune ?? []), ...(META.split?.validation ?? [])]);
    expect(sample.records.filter((r) => held.has(r))).toEqual([]);
    expect(new Set(sample.records).size).toBe(40);
    const labels = readChallenge2017Labels(join(DATA, 'REFERENCE.csv'));
    expect(Array.from(sample.examples.labels, (c) => RHYTHM_LABELS[c])).toEqual(sample.records.map((r) => labels.get(r)));
    expect(sample.examples.windows).toHaveLength(40 * 3000);
    // every window is clipped to ±10 standard deviations
    expect(sample.examples.windows.every((v) => Math.abs(v) <= 10)).toBe(true);
    const again = rhythmReplaySample(DATA, META, 40, 17);
    expect(again.examples?.windows).toEqual(sample.examples.windows);
    const other = rhythmReplaySample(DATA, META, 40, 18);
    expect(other.examples === null ? other.reason : other.records).not.toEqual(sample.records);
  });

  it('says why there is no sample', () => {
    expect(rhythmReplaySample('/no/such/folder', META, 10, 1)).toEqual({
      examples: null,
      reason: 'training data folder /no/such/folder is absent',
    });
    expect(rhythmReplaySample(DATA, { ...META, split: undefined }, 10, 1)).toMatchObject({
      examples: null,
      reason: expect.stringMatching(present ? /lists no tune\/validation split/ : /is absent/),
    });
  });
});
