/**
 * Comparing versions on the wasm backend: on a reviewed case's human labels and on a DS2 folder, the
 * shipped model's scores equal those of the analysis path (BeatClassifier.classify over the same beat
 * list), the cases a version learnt from (its own run's and its parent's) are marked seen, and a
 * folder without DS2 records says so. The "DS2" folder here holds the 119x excerpt under the name of
 * DS2 record 100 (copies of its files, 66 reference beats), so no ../shared/data is needed.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeatClassifier } from '../../../../../src/main/core/beats/classifier';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { compareVersions } from '../../../../../src/main/core/retrain/compare-versions';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';
import { addExcerptCase, EXCERPT_119, REFERENCE_119 } from './reviewed-case';

const SHIPPED = resolve('resources/models/beats');

describe('compareVersions (wasm)', () => {
  let dir: string;
  let store: ReviewStore;
  let recordId: number;
  let labelled: number[];

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    dir = mkdtempSync(join(tmpdir(), 'compare-versions-'));
    const ds2 = join(dir, 'mitdb');
    mkdirSync(ds2);
    const fixtures = resolve(EXCERPT_119, '..');
    copyFileSync(join(fixtures, '119x.hea'), join(ds2, '100.hea'));
    copyFileSync(join(fixtures, '119x.dat'), join(ds2, '119x.dat'));
    copyFileSync(join(fixtures, '119x.atr'), join(ds2, '100.atr'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    const editor = new ReviewEditor(store);
    const added = await addExcerptCase(store, '119x');
    recordId = added.recordId;
    // the first 30 beats get their reference class from a reviewer; the case is reviewed
    labelled = added.beatIds.slice(0, 30);
    labelled.forEach((beatId, i) => editor.relabelBeat(beatId, REFERENCE_119.beatClasses[i] ?? 'Q', 'alice'));
    editor.setStatus(recordId, 'reviewed', 'alice');
  }, 60_000);
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores like the analysis path on the reviewed case and on DS2, and marks seen cases', async () => {
    const result = await compareVersions(
      {
        kind: 'compare',
        databasePath: store.path,
        models: [
          { versionId: null, version: 'shipped', dir: SHIPPED, trainedOn: [] },
          { versionId: 2, version: 'child', dir: SHIPPED, trainedOn: [recordId] },
        ],
        ds2Dir: join(dir, 'mitdb'),
      },
      store,
    );
    expect(result.cases).toEqual([{ recordId, recordName: '119x', beats: labelled.length }]);
    expect(result.ds2).toEqual({ records: ['100'] });
    expect(result.models.map((m) => m.seenCases)).toEqual([[], [recordId]]);

    const classifier = await BeatClassifier.load(SHIPPED);
    const called = (await classifier.classify([REFERENCE_119.leadMv], REFERENCE_119.fsHz, REFERENCE_119.beatSamples)).labels;
    const right = (n: number) => REFERENCE_119.beatClasses.slice(0, n).filter((c, i) => AAMI_CLASSES[called[i] as number] === c).length;
    const shipped = result.models[0]!;
    expect(shipped.ds2).toMatchObject({ beats: 66, accuracy: right(66) / 66 });
    expect(shipped.ds2?.byClass.V?.support).toBe(25);
    expect(shipped.ds2?.byClass.N?.support).toBe(41);
    // the case's beats sit at the reference beats, so its inputs are the same and so are the calls
    expect(shipped.reviewed).toMatchObject({ beats: labelled.length, accuracy: right(labelled.length) / labelled.length });
    expect(result.models[1]?.ds2).toEqual(shipped.ds2);
  }, 120_000);

  it('says why there is no DS2 score', async () => {
    const result = await compareVersions(
      {
        kind: 'compare',
        databasePath: store.path,
        models: [{ versionId: null, version: 'shipped', dir: SHIPPED, trainedOn: [] }],
        ds2Dir: dir,
      },
      store,
    );
    expect(result.ds2).toEqual({ reason: `${dir} holds no DS2 record` });
    expect(result.models[0]?.ds2).toBeNull();
  }, 60_000);
});
