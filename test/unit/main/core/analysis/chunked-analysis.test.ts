import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeRecord,
  loadAnalysisModels,
  type AnalysisModels,
  type RecordAnalysis,
} from '../../../../../src/main/core/analysis/analyze-record';
import { callPacing } from '../../../../../src/main/core/beats/pacing-classifier';
import { pacingFeatures } from '../../../../../src/main/core/beats/pacing-features';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { detectQrsMultiLead } from '../../../../../src/main/core/qrs/multi-lead';
import { unreadableSpans } from '../../../../../src/main/core/qrs/unreadable-spans';
import { afBurden } from '../../../../../src/main/core/rhythm/episodes';
import { detectAfSpans } from '../../../../../src/main/core/rhythm/af-detector';
import { holterRhythmEpisodes } from '../../../../../src/main/core/rhythm/holter-rhythm';
import { vfBlockSpans } from '../../../../../src/main/core/rhythm/vf-blocks';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';

const MITDB = resolve('../shared/data/mitdb');
const EXCERPT = resolve('test/fixtures/beats/208x.hea');
/**
 * Records with what makes chunk ends hard: noise (105, 203), AF episodes (201, 203), flutter (207), pauses (232), PVCs
 * and fusions (208), intermittent pacing (217).
 */
const RECORDS = ['105', '201', '203', '207', '208', '217', '232'];

/**
 * The analysis computed on the whole record at once, as the pipeline did before chunking: one read,
 * multi-lead QRS detection over the whole record and its unreadable stretches (beats there labelled Q), the pacing call
 * over all its beats (paced beats labelled Q), BeatClassifier.classify with the record's own
 * normalisation and RR features, RhythmClassifier.classifyWindows over the whole first lead, the AF
 * detector over all beats, the VF detector's blocks over the whole first lead, and the Holter rhythm
 * episodes assembled from these.
 */
async function wholeRecordAnalysis(headerPath: string, models: AnalysisModels) {
  const record = readRecord(headerPath);
  const leadsMv = record.adc.map((_, i) => toPhysical(record, i));
  const lead0 = leadsMv[0] as Float32Array;
  const qrs = detectQrsMultiLead(leadsMv, record.fsHz);
  const beatSamples = qrs.beats;
  const noiseSpans = unreadableSpans(qrs.leads, qrs.windowSamples, 0, record.nSamples);
  const beats = await models.beats.classify(leadsMv, record.fsHz, beatSamples);
  const windows = await models.rhythm.classifyWindows(lead0, record.fsHz);
  const inNoise = (s: number): boolean => noiseSpans.some((n) => n.onsetSample <= s && s < n.endSample);
  const pacing = callPacing(models.pacing, pacingFeatures(leadsMv, record.fsHz, beatSamples));
  const beatLabels = Array.from(beats.labels, (k, i) =>
    inNoise(beatSamples[i] as number) || pacing.paced[i] === 1 ? 'Q' : (AAMI_CLASSES[k] ?? 'Q'),
  );
  const afProbability = Float32Array.from(windows.labels, (_, i) => windows.probabilities[i * 4 + 1] as number);
  const episodes = holterRhythmEpisodes({
    fsHz: record.fsHz,
    nSamples: record.nSamples,
    windows,
    beatSamples,
    beatLabels,
    beatConfidence: beats.confidence,
    afSpans: detectAfSpans({
      beatSamples,
      beatLabels,
      fsHz: record.fsHz,
      nSamples: record.nSamples,
      windows: { startSample: windows.startSample, windowS: windows.windowS, afProbability },
    }),
    vfSpans: vfBlockSpans(lead0, 0, record.fsHz, record.nSamples, 0, record.nSamples),
    noiseSpans,
  });
  return {
    pacing: { recordPaced: pacing.recordPaced, sureShare: pacing.sureShare, pacedBeats: pacing.paced.reduce((a, v) => a + v, 0) },
    beatSamples,
    beatLabels,
    beatConfidence: beats.confidence,
    beatAttention: beats.attention,
    windowStartSamples: windows.startSample,
    windowProbabilities: windows.probabilities,
    windowAttention: windows.attention,
    episodes,
    afBurden: afBurden(episodes, record.nSamples),
  };
}

function expectSameAnalysis(chunked: RecordAnalysis, whole: Awaited<ReturnType<typeof wholeRecordAnalysis>>): void {
  expect(chunked.pacing).toEqual(whole.pacing);
  expect(chunked.beatSamples).toEqual(whole.beatSamples);
  expect(chunked.beatLabels).toEqual(whole.beatLabels);
  expect(chunked.beatConfidence).toEqual(whole.beatConfidence);
  expect(chunked.beatAttention).toEqual(whole.beatAttention);
  expect(chunked.windowStartSamples).toEqual(whole.windowStartSamples);
  expect(chunked.windowProbabilities).toEqual(whole.windowProbabilities);
  expect(chunked.windowAttention).toEqual(whole.windowAttention);
  expect(chunked.episodes).toEqual(whole.episodes);
  expect(chunked.afBurden).toBe(whole.afBurden);
}

let models: AnalysisModels;

beforeAll(async () => {
  models = await loadAnalysisModels(await initBackend({ prefer: 'wasm', log: () => undefined }));
});

describe('chunked analysis', () => {
  it('equals the whole-record analysis on a committed 3-min excerpt of mitdb 208 cut into 10 s and 25 s chunks', async () => {
    const whole = await wholeRecordAnalysis(EXCERPT, models);
    expect(whole.beatSamples.length).toBeGreaterThan(250); // the excerpt has 312 annotations, most of them beats
    for (const chunkS of [10, 25]) {
      const { analysis } = await analyzeRecord(EXCERPT, models, { chunkS });
      expectSameAnalysis(analysis, whole);
    }
  });

  it.skipIf(!existsSync(MITDB))(
    `equals the whole-record analysis on real mitdb records (${RECORDS.join(', ')}) cut into 2-min chunks`,
    { timeout: 600_000 },
    async () => {
      let afEpisodes = 0;
      let beatRuleEpisodes = 0;
      let pacedRecords = 0;
      for (const name of RECORDS) {
        const headerPath = join(MITDB, `${name}.hea`);
        const whole = await wholeRecordAnalysis(headerPath, models);
        const { analysis } = await analyzeRecord(headerPath, models, { chunkS: 120 });
        expectSameAnalysis(analysis, whole);
        afEpisodes += whole.episodes.filter((e) => e.label === 'AFIB').length;
        if (whole.pacing.recordPaced) pacedRecords++;
        beatRuleEpisodes += whole.episodes.filter((e) => ['VT', 'SVTA', 'B', 'T'].includes(e.label)).length;
      }
      // episodes spanning chunk ends were compared, not only empty lists; 208's trigeminy and 207's runs give beat-rule episodes
      expect(afEpisodes).toBeGreaterThan(0);
      expect(beatRuleEpisodes).toBeGreaterThan(0);
      // 217's paced beats were compared as Q across chunk ends, and no other record was called paced
      expect(pacedRecords).toBe(1);
    },
  );
  if (!existsSync(MITDB)) it.skip(`real-record comparison: ${MITDB} is absent`, () => undefined);
});
