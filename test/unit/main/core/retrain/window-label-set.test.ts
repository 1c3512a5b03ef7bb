/**
 * Window label sets from reference annotations (windowLabelSet) on hand-made annotations, the
 * primary label, and the mitdb windows of record 100 (multiLabelExamples) against the beat counts of
 * ../shared/data/README.md (1 V beat, 33 S beats, no AF or bundle branch block).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RhythmModelMeta } from '../../../../../src/main/core/rhythm/rhythm-model-meta';
import { multiLabelExamples, pickMultiLabelRecords } from '../../../../../src/main/core/retrain/multi-label-examples';
import { MULTI_LABELS, primaryLabel, windowLabelSet } from '../../../../../src/main/core/retrain/window-label-set';
import { annotationAt } from '../wfdb/annotation-at';

const at = annotationAt;
const named = (set: Uint8Array): string[] => MULTI_LABELS.filter((_, k) => set[k] === 1);

describe('windowLabelSet', () => {
  const rhythm = [at(0, '+', '(N'), at(400, '+', '(AFIB'), at(1000, '+', '(N')];

  it('calls AF when at least half the window lies in an (AFIB span', () => {
    expect(named(windowLabelSet(rhythm, 0, 1000, 2000))).toEqual(['AF']); // 600 of 1000
    expect(named(windowLabelSet(rhythm, 500, 1500, 2000))).toEqual(['AF']); // 500 of 1000
    expect(named(windowLabelSet(rhythm, 600, 1600, 2000))).toEqual(['Normal']); // 400 of 1000
    expect(named(windowLabelSet([at(0, '+', '(AFL')], 0, 100, 2000))).toEqual(['AF']); // flutter to the record end
  });

  it('labels concurrent conditions together: AF with a V beat, RBBB with an S beat', () => {
    expect(named(windowLabelSet([...rhythm, at(500, 'N'), at(600, 'V')], 0, 1000, 2000))).toEqual(['AF', 'PVC']);
    const beats = [at(10, 'R'), at(20, 'R'), at(30, 'A'), at(40, 'R'), at(50, 'N')];
    expect(named(windowLabelSet(beats, 0, 100, 100))).toEqual(['PAC', 'RBBB']);
  });

  it('needs half the beats for a bundle branch block, counts e as no S beat, and ignores beats outside', () => {
    const beats = [at(10, 'L'), at(20, 'L'), at(30, 'N'), at(40, 'N'), at(50, 'e'), at(150, 'V')];
    expect(named(windowLabelSet(beats, 0, 100, 200))).toEqual(['Normal']); // 2 L of 5 beats
    expect(named(windowLabelSet([...beats, at(60, 'L')], 0, 100, 200))).toEqual(['LBBB']); // 3 of 6
    expect(named(windowLabelSet(beats, 100, 200, 200))).toEqual(['PVC']);
  });

  it('refuses an empty window', () => {
    expect(() => windowLabelSet([], 5, 5, 10)).toThrow(RangeError);
  });
});

describe('primaryLabel', () => {
  it('takes AF before LBBB, RBBB, PVC and PAC', () => {
    const set = (...labels: string[]): Uint8Array => Uint8Array.from(MULTI_LABELS, (l) => (labels.includes(l) ? 1 : 0));
    expect(MULTI_LABELS[primaryLabel(set('PVC', 'AF'))]).toBe('AF');
    expect(MULTI_LABELS[primaryLabel(set('PAC', 'RBBB'))]).toBe('RBBB');
    expect(MULTI_LABELS[primaryLabel(set('PAC', 'PVC'))]).toBe('PVC');
    expect(MULTI_LABELS[primaryLabel(set('Normal'))]).toBe('Normal');
  });
});

const MITDB = join(__dirname, '../../../../../../shared/data/mitdb');
const META = JSON.parse(readFileSync('resources/models/rhythm/meta.json', 'utf8')) as RhythmModelMeta;

describe.skipIf(!existsSync(join(MITDB, '100.hea')))('multiLabelExamples on mitdb 100 (skipped without ../shared/data)', () => {
  it('gives 61 normalised 30 s windows, one with the V beat, none with AF or bundle branch block', () => {
    const examples = multiLabelExamples(MITDB, ['100'], META, 30);
    // 650,000 samples at 360 Hz → 180,555 at 100 Hz: 60 windows every 30 s and one aligned to the end
    expect(examples.labels.length).toBe(61);
    expect(examples.windows.length).toBe(61 * 3000);
    const k = MULTI_LABELS.length;
    const count = (label: string): number => {
      const j = MULTI_LABELS.indexOf(label as (typeof MULTI_LABELS)[number]);
      return examples.labels.reduce((sum, _, i) => sum + (examples.labelSets[i * k + j] as number), 0);
    };
    expect(count('PVC')).toBe(1);
    expect(count('PAC')).toBeGreaterThan(10); // 33 S beats, some windows holding several
    expect(count('PAC')).toBeLessThanOrEqual(33);
    expect(count('AF') + count('LBBB') + count('RBBB')).toBe(0);
    const first = examples.windows.subarray(0, 3000);
    expect(first.reduce((a, b) => a + b, 0) / 3000).toBeCloseTo(0, 4); // z-scored per window
    expect(pickMultiLabelRecords(examples, (r) => r !== '100').labels.length).toBe(0);
  });
});
