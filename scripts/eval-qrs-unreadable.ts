/**
 * The unreadable-signal part of `npm run eval:qrs`: the nstdb `em` record (electrode-motion noise, no ECG) through
 * the whole analysis (analyzeRecord with the committed models): how many "beats" the detector finds in it, how many
 * the signal-quality stage puts in `(NOISE` stretches (labelled Q, flagged artefact, out of the counts and the HR
 * trend), and how many remain counted as N, S, V, F (target: none).
 */
import { join } from 'node:path';
import { analyzeRecord, loadAnalysisModels } from '../src/main/core/analysis/analyze-record';
import { initBackend } from '../src/main/core/ml/backend';

/**
 * Prints the em figures.
 * @param nstdbDir - folder with em.hea / em.dat
 */
export async function evalUnreadable(nstdbDir: string): Promise<void> {
  const models = await loadAnalysisModels(await initBackend({ log: () => undefined }));
  const { analysis } = await analyzeRecord(join(nstdbDir, 'em.hea'), models);
  const total = analysis.beatSamples.length;
  const flagged = analysis.beatArtefact?.reduce((s, v) => s + v, 0) ?? 0;
  const noiseSamples = analysis.episodes.filter((e) => e.label === 'NOISE').reduce((s, e) => s + e.endSample - e.onsetSample, 0);
  const c = analysis.beatCounts;
  console.log('');
  console.log(`nstdb em (noise only) through the analysis (${models.backend.name}):`);
  console.log(`em detected beats: ${total} beats`);
  console.log(`em beats in unreadable stretches (Q, artefact): ${flagged} beats (${((100 * flagged) / Math.max(1, total)).toFixed(1)} %)`);
  console.log(`em (NOISE episodes: ${((100 * noiseSamples) / analysis.nSamples).toFixed(1)} % of the record`);
  console.log(`em beats counted as N/S/V/F: ${c.N + c.S + c.V + c.F} beats (N ${c.N}, S ${c.S}, V ${c.V}, F ${c.F}; target 0)`);
}
