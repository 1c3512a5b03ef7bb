import { describe, expect, it } from 'vitest';
import { buildBeatTemplates } from '../../../../../src/main/core/review/build-beat-templates';
import { mergeTemplates } from '../../../../../src/main/core/review/merge-templates';
import { moveBeats } from '../../../../../src/main/core/review/move-beats';
import { readBeatWindows } from '../../../../../src/main/core/review/read-beat-windows';
import { relabelTemplate } from '../../../../../src/main/core/review/relabel-template';
import { splitTemplate } from '../../../../../src/main/core/review/split-template';
import { templateById, type BeatTemplate, type TemplateSet } from '../../../../../src/main/core/review/template-set';
import { EXCERPT_119, excerptBeats } from './template-fixtures';

const beats = excerptBeats();
const built = buildBeatTemplates(EXCERPT_119, beats);
const perWindow = built.signals.length * built.layout.samplesPerLead;
const windowsOf = (members: Int32Array): Float32Array => readBeatWindows(EXCERPT_119, built, beats.samples, members);
const largest = (set: TemplateSet, label: string): BeatTemplate => set.templates.find((t) => t.label === label) as BeatTemplate;

/** The template's waveform and spread equal those computed from scratch from its members' windows. */
function expectFromScratch(t: BeatTemplate): void {
  const w = windowsOf(t.memberBeats);
  let variance = 0;
  for (let k = 0; k < perWindow; k++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < t.count; i++) {
      const v = w[i * perWindow + k] as number;
      sum += v;
      squares += v * v;
    }
    const mean = sum / t.count;
    expect(t.waveformMv[k]).toBeCloseTo(mean, 4);
    variance += Math.max(0, squares / t.count - mean * mean);
  }
  expect(t.spreadMv).toBeCloseTo(Math.sqrt(variance / perWindow), 4);
}

function expectConsistent(set: TemplateSet): void {
  const all = set.templates.flatMap((t) => [...t.memberBeats]).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: set.beatCount }, (_, i) => i));
  for (const t of set.templates) {
    expect(t.count).toBe(t.memberBeats.length);
    for (const b of t.memberBeats) expect(set.templateOfBeat[b]).toBe(t.id);
    expect(t.representativeBeats.length).toBeLessThanOrEqual(set.maxRepresentatives);
    expect(t.representativeWaveformsMv.length).toBe(t.representativeBeats.length * perWindow);
  }
}

describe('template edits on MIT-BIH 119 excerpt templates', () => {
  it('moves beats from N to the V template: label, counts and both waveforms follow, the input set is untouched', () => {
    const n = largest(built, 'N');
    const v = largest(built, 'V');
    const moved = n.memberBeats.subarray(0, 3).slice();
    const before = { nCount: n.count, vCount: v.count, map: built.templateOfBeat.slice() };
    const edit = moveBeats(built, moved, { templateId: v.id }, windowsOf(moved));
    expect([...edit.relabelledBeats]).toEqual([...moved]);
    const n2 = templateById(edit.set, n.id);
    const v2 = templateById(edit.set, v.id);
    expect(n2.count).toBe(before.nCount - 3);
    expect(v2.count).toBe(before.vCount + 3);
    for (const b of moved) expect(edit.set.templateOfBeat[b]).toBe(v.id);
    expectFromScratch(n2);
    expectFromScratch(v2);
    expectConsistent(edit.set);
    expect(n.count).toBe(before.nCount);
    expect(built.templateOfBeat).toEqual(before.map);
  });

  it('moves a beat to a class as a new template, and back again', () => {
    const n = largest(built, 'N');
    const beat = Int32Array.of(n.memberBeats[5] as number);
    const edit = moveBeats(built, beat, { newTemplateLabel: 'F' }, windowsOf(beat));
    const fresh = templateById(edit.set, built.nextTemplateId);
    expect(fresh).toMatchObject({ label: 'F', count: 1, spreadMv: 0 });
    expect([...fresh.representativeBeats]).toEqual([...beat]);
    expect(edit.set.nextTemplateId).toBe(built.nextTemplateId + 1);
    expect(edit.set.templates.at(-1)?.id).toBe(fresh.id);
    const back = moveBeats(edit.set, beat, { templateId: n.id }, windowsOf(beat));
    expect(back.set.templates.some((t) => t.id === fresh.id)).toBe(false);
    expect([...back.relabelledBeats]).toEqual([...beat]);
    expectFromScratch(templateById(back.set, n.id));
    // a beat already in the target is left as it is
    expect(moveBeats(built, beat, { templateId: n.id }, windowsOf(beat)).set).toBe(built);
  });

  it('splits beats off into a new template of the same label and merges them back exactly', () => {
    const n = largest(built, 'N');
    const part = n.memberBeats.filter((_, i) => i % 2 === 0);
    const split = splitTemplate(built, n.id, part, windowsOf(part));
    expect(split.relabelledBeats).toHaveLength(0);
    const fresh = templateById(split.set, built.nextTemplateId);
    expect(fresh).toMatchObject({ label: 'N', count: part.length });
    expectFromScratch(fresh);
    expectFromScratch(templateById(split.set, n.id));
    const merged = mergeTemplates(split.set, [n.id, fresh.id]);
    const whole = templateById(merged.set, n.id);
    expect([...whole.memberBeats]).toEqual([...n.memberBeats]);
    for (let k = 0; k < perWindow; k++) expect(whole.waveformMv[k]).toBeCloseTo(n.waveformMv[k] as number, 4);
    expect(whole.spreadMv).toBeCloseTo(n.spreadMv, 4);
    expectConsistent(merged.set);
  });

  it('merging a V template into an N template relabels the V beats; relabelling a template relabels all its beats', () => {
    const n = largest(built, 'N');
    const v = largest(built, 'V');
    const merged = mergeTemplates(built, [n.id, v.id]);
    expect([...merged.relabelledBeats]).toEqual([...v.memberBeats]);
    expect(templateById(merged.set, n.id).count).toBe(n.count + v.count);
    expectFromScratch(templateById(merged.set, n.id));

    const relabel = relabelTemplate(built, n.id, 'S');
    expect([...relabel.relabelledBeats]).toEqual([...n.memberBeats]);
    expect(templateById(relabel.set, n.id).label).toBe('S');
    const order = relabel.set.templates.map((t) => t.label);
    expect(order.indexOf('S')).toBeGreaterThan(order.lastIndexOf('N'));
    expect(order.indexOf('S')).toBeLessThan(order.indexOf('V'));
    expect(relabelTemplate(built, n.id, 'N')).toEqual({ set: built, relabelledBeats: new Int32Array(0) });
  });

  it('refuses bad edits with errors naming the record', () => {
    const n = largest(built, 'N');
    const one = Int32Array.of(n.memberBeats[0] as number);
    expect(() => moveBeats(built, Int32Array.of(999), { newTemplateLabel: 'V' }, new Float32Array(perWindow))).toThrow(/119x: no beat 999/);
    expect(() => moveBeats(built, Int32Array.of(1, 1), { newTemplateLabel: 'V' }, new Float32Array(2 * perWindow))).toThrow(/twice/);
    expect(() => moveBeats(built, one, { templateId: 12345 }, windowsOf(one))).toThrow(/no template 12345/);
    expect(() => moveBeats(built, one, { newTemplateLabel: 'V' }, new Float32Array(3))).toThrow(/window samples/);
    expect(() => moveBeats(built, one, { newTemplateLabel: 'Z' as 'V' }, windowsOf(one))).toThrow(/AAMI/);
    expect(() => splitTemplate(built, n.id, n.memberBeats, windowsOf(n.memberBeats))).toThrow(/not all/);
    expect(() => splitTemplate(built, n.id, new Int32Array(0), new Float32Array(0))).toThrow(/not all/);
    const v = largest(built, 'V');
    const vBeat = Int32Array.of(v.memberBeats[0] as number);
    expect(() => splitTemplate(built, n.id, vBeat, windowsOf(vBeat))).toThrow(/not in template/);
    expect(() => mergeTemplates(built, [n.id])).toThrow(/two distinct/);
    expect(() => mergeTemplates(built, [n.id, n.id])).toThrow(/two distinct/);
    expect(() => relabelTemplate(built, n.id, 'X' as 'N')).toThrow(/AAMI/);
    expect(() => readBeatWindows(EXCERPT_119, built, beats.samples.subarray(1), one)).toThrow(/beat samples/);
    expect(() => readBeatWindows(EXCERPT_119, built, beats.samples, Int32Array.of(-1))).toThrow(/no beat -1/);
  });
});
