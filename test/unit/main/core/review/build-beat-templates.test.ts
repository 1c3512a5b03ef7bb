import { describe, expect, it } from 'vitest';
import { templatePurity } from '../../../../../src/main/core/evaluate/template-purity';
import { buildBeatTemplates } from '../../../../../src/main/core/review/build-beat-templates';
import { readBeatWindows } from '../../../../../src/main/core/review/read-beat-windows';
import type { TemplateSet } from '../../../../../src/main/core/review/template-set';
import { EXCERPT_119, excerptBeats, writeRecord } from './template-fixtures';

/** Mean and per-sample SD of some windows, computed from scratch. */
function meanOf(windows: Float32Array, perWindow: number): Float64Array {
  const n = windows.length / perWindow;
  const mean = new Float64Array(perWindow);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < perWindow; k++) mean[k] = (mean[k] as number) + (windows[i * perWindow + k] as number) / n;
  return mean;
}

function expectEveryBeatOnce(set: TemplateSet): void {
  const seen = set.templates.flatMap((t) => [...t.memberBeats]).sort((a, b) => a - b);
  expect(seen).toEqual(Array.from({ length: set.beatCount }, (_, i) => i));
  for (const t of set.templates) for (const b of t.memberBeats) expect(set.templateOfBeat[b]).toBe(t.id);
}

describe('buildBeatTemplates on 60 s of MIT-BIH 119 (bigeminy)', () => {
  const beats = excerptBeats();

  it('separates the N and V morphologies without using the labels (class-agnostic)', () => {
    expect(beats.labels.filter((l) => l === 'V')).toHaveLength(25);
    const set = buildBeatTemplates(EXCERPT_119, beats, { mode: 'class-agnostic' });
    expectEveryBeatOnce(set);
    const p = templatePurity(
      set.templates.map((t) => t.memberBeats),
      beats.labels,
      0.95,
    );
    // Bound from the literature: template cross-correlation clustering 95.6 %, SOM clustering 98.5 %
    // on MIT-BIH (Lagerholm et al. 2000); lumping all beats together would give 41/66 = 0.62.
    expect(p.purity).toBeGreaterThanOrEqual(0.97);
    expect(p.templatesForCoverage).toBeLessThanOrEqual(4);
    const largestV = set.templates.find((t) => t.label === 'V');
    expect(largestV?.count).toBeGreaterThanOrEqual(20);
  });

  it('clusters within each class, ordered N then V, largest first, with bounded representatives', () => {
    const set = buildBeatTemplates(EXCERPT_119, beats);
    expectEveryBeatOnce(set);
    for (const t of set.templates) for (const b of t.memberBeats) expect(beats.labels[b]).toBe(t.label);
    const labels = set.templates.map((t) => t.label);
    expect(labels.indexOf('V')).toBeGreaterThan(labels.lastIndexOf('N'));
    const firstV = labels.indexOf('V');
    expect((set.templates[0]?.count ?? 0) >= (set.templates[1]?.label === 'N' ? (set.templates[1]?.count ?? 0) : 0)).toBe(true);
    expect(set.templates[firstV]?.count).toBeGreaterThanOrEqual(20);
    for (const t of set.templates) {
      expect(t.representativeBeats.length).toBe(Math.min(t.count, set.maxRepresentatives));
      for (const b of t.representativeBeats) expect(set.templateOfBeat[b]).toBe(t.id);
    }
    expect(set.leadNames).toEqual(['MLII', 'V1']);
  });

  it('gives each template the mean of its beats’ windows, the R wave at the window’s R position, and its spread', () => {
    const set = buildBeatTemplates(EXCERPT_119, beats);
    const perWindow = set.signals.length * set.layout.samplesPerLead;
    const rIndex = -set.layout.startOffset / set.layout.step;
    for (const t of set.templates.filter((x) => x.count >= 5)) {
      const windows = readBeatWindows(EXCERPT_119, set, beats.samples, t.memberBeats);
      const mean = meanOf(windows, perWindow);
      for (let k = 0; k < perWindow; k++) expect(t.waveformMv[k]).toBeCloseTo(mean[k] as number, 4);
      // MLII: the largest deflection lies within 50 ms of the R mark
      const lead0 = Array.from(t.waveformMv.subarray(0, set.layout.samplesPerLead), Math.abs);
      const peakAt = lead0.indexOf(Math.max(...lead0));
      expect(Math.abs(peakAt - rIndex) / set.layout.fsHz).toBeLessThan(0.05);
      let variance = 0;
      for (let k = 0; k < perWindow; k++) {
        let s = 0;
        for (let i = 0; i < t.count; i++) s += ((windows[i * perWindow + k] as number) - (mean[k] as number)) ** 2;
        variance += s / t.count;
      }
      expect(t.spreadMv).toBeCloseTo(Math.sqrt(variance / perWindow), 4);
      expect(t.spreadMv).toBeGreaterThan(0);
      const first = t.representativeBeats[0] as number;
      const row = [...t.memberBeats].indexOf(first);
      for (let k = 0; k < perWindow; k += 7) expect(t.representativeWaveformsMv[k]).toBeCloseTo(windows[row * perWindow + k] as number, 4);
    }
  });
});

describe('buildBeatTemplates on degenerate input', () => {
  const SECONDS = 20;
  const beatAt = (s: number): number => Math.round(s * 360);

  it('gives no templates for no beats', () => {
    const set = buildBeatTemplates(EXCERPT_119, { samples: new Int32Array(0), labels: [] });
    expect(set.templates).toEqual([]);
    expect(set.beatCount).toBe(0);
  });

  it('gives one template of spread 0 for one beat', () => {
    const beats = excerptBeats();
    const set = buildBeatTemplates(EXCERPT_119, { samples: beats.samples.subarray(3, 4), labels: beats.labels.slice(3, 4) });
    expect(set.templates).toHaveLength(1);
    expect(set.templates[0]).toMatchObject({ count: 1, spreadMv: 0, label: beats.labels[3] });
    expect(Math.max(...set.templates[0]!.waveformMv.map(Math.abs))).toBeGreaterThan(0.3);
  });

  it('puts beats on a flat signal in one flat template', () => {
    const headerPath = writeRecord('flat', new Int16Array(360 * SECONDS).fill(300));
    const samples = Int32Array.from({ length: 10 }, (_, i) => beatAt(1 + i * 1.8));
    const set = buildBeatTemplates(headerPath, { samples, labels: Array(10).fill('N') });
    expect(set.templates).toHaveLength(1);
    expect(set.templates[0]?.waveformMv.every((v) => Math.abs(v) < 1e-6)).toBe(true);
  });

  it('keeps beats on invalid (NaN) samples finite and apart from real beats', () => {
    const adc = new Int16Array(360 * SECONDS);
    for (let i = 0; i < adc.length; i++) adc[i] = Math.round(200 * Math.exp(-((((i % 360) - 180) / 6) ** 2)));
    adc.fill(-32768, beatAt(10), beatAt(SECONDS));
    const samples = Int32Array.from({ length: SECONDS - 1 }, (_, i) => 180 + i * 360);
    const set = buildBeatTemplates(writeRecord('gap', adc), { samples, labels: Array(samples.length).fill('N') });
    for (const t of set.templates) expect(t.waveformMv.every(Number.isFinite)).toBe(true);
    const withR = set.templateOfBeat[2] as number;
    const inGap = set.templateOfBeat[15] as number;
    expect(inGap).not.toBe(withR);
    expect(set.templates.find((t) => t.id === withR)?.memberBeats.every((b) => samples[b]! < beatAt(10))).toBe(true);
  });

  it('handles beats on the first and last sample of the record', () => {
    const beats = excerptBeats();
    const samples = Int32Array.from([0, ...beats.samples.subarray(1, 10), 21599]);
    const set = buildBeatTemplates(EXCERPT_119, { samples, labels: Array(samples.length).fill('N') });
    expectEveryBeatOnce(set);
    for (const t of set.templates) expect(t.waveformMv.every(Number.isFinite)).toBe(true);
    const edge = readBeatWindows(EXCERPT_119, set, samples, Int32Array.of(0, 10));
    expect(edge.every(Number.isFinite)).toBe(true);
    // before the first sample the window is at the baseline
    expect(edge[0]).toBe(0);
  });

  it('refuses out-of-bounds input with errors naming the record', () => {
    const ok = { samples: Int32Array.of(100, 200), labels: ['N', 'V'] as const };
    expect(() => buildBeatTemplates(EXCERPT_119, { samples: Int32Array.of(200, 100), labels: ['N', 'N'] })).toThrow(/119x\.hea.*before/);
    expect(() => buildBeatTemplates(EXCERPT_119, { samples: Int32Array.of(21600), labels: ['N'] })).toThrow(/outside/);
    expect(() => buildBeatTemplates(EXCERPT_119, { samples: Int32Array.of(-1), labels: ['N'] })).toThrow(/outside/);
    expect(() => buildBeatTemplates(EXCERPT_119, { samples: ok.samples, labels: ['N'] })).toThrow(/labels/);
    expect(() => buildBeatTemplates(EXCERPT_119, { samples: ok.samples, labels: ['N', 'X' as 'N'] })).toThrow(/AAMI/);
    expect(() => buildBeatTemplates(EXCERPT_119, { ...ok, labels: [...ok.labels] }, { signals: [2] })).toThrow(/no signal 2/);
    expect(() => buildBeatTemplates(EXCERPT_119, { ...ok, labels: [...ok.labels] }, { signals: [] })).toThrow(/signals/);
    expect(() => buildBeatTemplates(EXCERPT_119, { ...ok, labels: [...ok.labels] }, { config: { maxBeats: 1 } })).toThrow(/more than/);
    expect(() => buildBeatTemplates(EXCERPT_119, { ...ok, labels: [...ok.labels] }, { config: { chunkS: 1e9 } })).toThrow(/chunkS/);
    expect(() => buildBeatTemplates(EXCERPT_119, { ...ok, labels: [...ok.labels] }, { config: { joinDissimilarity: NaN } })).toThrow(
      /joinDissimilarity/,
    );
    expect(() => buildBeatTemplates('/nonexistent/x.hea', { ...ok, labels: [...ok.labels] })).toThrow(/x\.hea/);
  });
});
