/**
 * The replay sample of the base model's training data: DS1 records from meta.json, the class make-up
 * of one original training epoch, and a plain reason when the data folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBeatModelMeta } from '../../../../../src/main/core/beats/beat-model-meta';
import { exampleCounts } from '../../../../../src/main/core/retrain/beat-examples';
import { replaySample } from '../../../../../src/main/core/retrain/replay-sample';

const META = parseBeatModelMeta(JSON.parse(readFileSync('resources/models/beats/meta.json', 'utf8')), 'meta.json');
const MITDB = join(__dirname, '../../../../../../shared/data/mitdb');

describe('replaySample', () => {
  it('says the folder is absent instead of failing', () => {
    expect(replaySample('/nonexistent/mitdb', META, 100, 1)).toEqual({
      examples: null,
      reason: 'training data folder /nonexistent/mitdb is absent',
    });
  });

  it.skipIf(!existsSync(MITDB))('draws the DS1 training records with one training epoch’s class make-up (needs ../shared/data)', () => {
    const sample = replaySample(MITDB, META, 400, 3);
    if (sample.examples === null) throw new Error(sample.reason);
    expect(sample.records).toEqual((META.training as { records: string[] }).records);
    const counts = exampleCounts(sample.examples);
    expect(counts.N + counts.S + counts.V + counts.F + counts.Q).toBe(400);
    // meta.json: 5,155 non-N DS1 beats against 6,000 N per epoch → 46 % non-N
    const beatCounts = (META.training as { beatCounts: Record<string, number> }).beatCounts;
    const nonN = (beatCounts.S ?? 0) + (beatCounts.V ?? 0) + (beatCounts.F ?? 0) + (beatCounts.Q ?? 0);
    expect(400 - counts.N).toBe(Math.round((400 * nonN) / (nonN + 6000)));
    expect(counts.V).toBeGreaterThan(counts.S);
  });

  it.skipIf(!existsSync(MITDB))(
    'builds the inputs afresh for another input layout instead of reusing the cached records (needs ../shared/data)',
    () => {
      const first = replaySample(MITDB, META, 200, 5);
      const wider = parseBeatModelMeta({ ...META, normalisation: { ...META.normalisation, halfBeats: 4 } }, 'meta.json');
      const other = replaySample(MITDB, wider, 200, 5);
      const again = replaySample(MITDB, META, 200, 5);
      if (first.examples === null || other.examples === null || again.examples === null) throw new Error('no replay sample');
      // same seed and class make-up: the same beats are drawn, so only the layout can change the inputs
      expect(other.examples.labels).toEqual(first.examples.labels);
      expect(other.examples.wave).not.toEqual(first.examples.wave);
      expect(again.examples.wave).toEqual(first.examples.wave);
    },
  );
});
