import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceBeatLabels } from '../../../../../src/main/core/evaluate/reference-beat-labels';
import { templatePurity } from '../../../../../src/main/core/evaluate/template-purity';
import { buildBeatTemplates } from '../../../../../src/main/core/review/build-beat-templates';
import { hasSharedData, SHARED_DATA } from '../wfdb/wfdb-test-paths';

const MITDB = join(SHARED_DATA, 'mitdb');

/**
 * Bounds from the literature on MIT-BIH clustering, all 48 records with reference beat positions:
 * - gross purity ≥ 0.97: template cross-correlation clustering reached 95.6 % and Hermite/SOM
 *   clustering 98.5 % (Lagerholm et al. 2000, doi:10.1109/10.846677), context-based adaptive
 *   clustering 98.56 % (Castro et al. 2015, doi:10.1109/JBHI.2014.2361659); here purity is measured
 *   against AAMI classes with morphology alone, so the S beats of the same shape as N (e.g. 232) count
 *   against it;
 * - per record, the 25 largest templates hold ≥ 95 % of the beats (Lagerholm's 25 clusters per record,
 *   what a technician can review).
 */
describe.skipIf(!hasSharedData)(
  'beat templates on MIT-BIH Arrhythmia (class-agnostic, reference beats; skipped when ../shared/data is absent)',
  () => {
    it('are pure and few on all 48 records', { timeout: 300_000 }, () => {
      const names = readFileSync(join(MITDB, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
      expect(names).toHaveLength(48);
      let beats = 0;
      let pure = 0;
      const tooMany: string[] = [];
      for (const name of names) {
        const reference = readReferenceBeatLabels(join(MITDB, `${name}.atr`));
        const set = buildBeatTemplates(join(MITDB, `${name}.hea`), reference, { mode: 'class-agnostic' });
        const p = templatePurity(
          set.templates.map((t) => t.memberBeats),
          reference.labels,
          0.95,
        );
        expect(p.beats).toBe(reference.samples.length);
        beats += p.beats;
        pure += p.pureBeats;
        if (p.templatesForCoverage > 25) tooMany.push(`${name}: ${p.templatesForCoverage}`);
      }
      expect(beats).toBe(109_494);
      expect(pure / beats).toBeGreaterThanOrEqual(0.97);
      expect(tooMany).toEqual([]);
    });
  },
);
