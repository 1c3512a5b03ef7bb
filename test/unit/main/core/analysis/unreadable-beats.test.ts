import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeRecord, loadAnalysisModels, type AnalysisModels } from '../../../../../src/main/core/analysis/analyze-record';
import { initBackend } from '../../../../../src/main/core/ml/backend';

const EM = resolve('test/fixtures/quality/em_600.hea');
const CLEAN = resolve('test/fixtures/beats/119x.hea');

let models: AnalysisModels;

beforeAll(async () => {
  models = await loadAnalysisModels(await initBackend({ prefer: 'wasm', log: () => undefined }));
});

describe('unreadable stretches in the analysis', () => {
  it('labels Q and flags artefact the beats of unreadable stretches, which lie in (NOISE episodes, and leaves them out of the class counts', async () => {
    const { analysis } = await analyzeRecord(EM, models);
    const noise = analysis.episodes.filter((e) => e.label === 'NOISE');
    expect(noise.length).toBeGreaterThan(0);
    const flags = analysis.beatArtefact ?? new Uint8Array(0);
    expect(flags.length).toBe(analysis.beatSamples.length);
    let flagged = 0;
    // (NOISE episodes also come from the rhythm CNN's noisy windows, whose beats keep their labels: only flagged beats are checked)
    analysis.beatSamples.forEach((sample, i) => {
      if (flags[i] !== 1) return;
      expect(noise.some((e) => e.onsetSample <= sample && sample < e.endSample)).toBe(true);
      expect(analysis.beatLabels[i]).toBe('Q');
      flagged++;
    });
    expect(flagged).toBeGreaterThan(0);
    const counted = Object.values(analysis.beatCounts).reduce((a, b) => a + b, 0);
    expect(counted).toBe(analysis.beatSamples.length - flagged);
  });

  it('flags nothing in a clean excerpt', async () => {
    const { analysis } = await analyzeRecord(CLEAN, models);
    expect(analysis.episodes.some((e) => e.label === 'NOISE')).toBe(false);
    expect(analysis.beatArtefact?.every((v) => v === 0)).toBe(true);
  });
});
