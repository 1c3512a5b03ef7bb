/**
 * The exported annotation file's bytes, word by word, against the MIT annotation format
 * (https://physionet.org/physiotools/wag/annot-5.htm): each annotation a 16-bit little-endian word `code << 10 |
 * interval`, intervals over 1023 in a SKIP (code 59) followed by the 32-bit interval as high word then low word, AUX
 * (code 63) with the byte count in the low 10 bits followed by the bytes padded to even length, and a 0x0000 end word.
 * Codes (WFDB `ecgcodes.h`): NORMAL 1, PVC 5, APC 8, NOTE 22, RHYTHM 28.
 */
import { describe, expect, it } from 'vitest';
import type { CaseExportSource } from '../../../../../src/main/core/exports/case-export-source';
import { provenanceLines, UNREVIEWED } from '../../../../../src/main/core/exports/export-provenance';
import { caseAnnotations } from '../../../../../src/main/core/exports/wfdb-annotation-export';
import { encodeAnnotations } from '../../../../../src/main/core/wfdb/annotations';

const source: CaseExportSource = {
  headerPath: 'x.hea',
  recordName: 'x',
  fsHz: 360,
  nSamples: 4000,
  baseTime: null,
  baseDate: null,
  beats: [
    { sample: 100, label: 'N', source: 'model', artefact: false },
    { sample: 1500, label: 'V', source: 'human', artefact: false },
    { sample: 1700, label: 'S', source: 'model', artefact: false },
  ],
  episodes: [{ label: 'AFIB', onsetSample: 1500, endSample: 3000, meanProbability: 0.9 }],
  artefactSpans: [],
  addedStrips: [],
  provenance: {
    recordName: 'x',
    analysis: null,
    models: [{ name: 'beats', version: '1.2', sha256: 'cd'.repeat(32) }],
    review: { ...UNREVIEWED, status: 'in_review' },
    appVersion: 'test',
    exportedAt: '2026-12-01T10:00:00.000Z',
  },
};

const words = (...w: number[]): Buffer => {
  const out = Buffer.alloc(w.length * 2);
  w.forEach((v, i) => out.writeUInt16LE(v, i * 2));
  return out;
};
const aux = (text: string): Buffer => {
  const bytes = Buffer.from(text, 'latin1');
  return Buffer.concat([words((63 << 10) | bytes.length), bytes, Buffer.alloc(bytes.length % 2)]);
};

describe('WFDB annotation export', () => {
  it('writes NOTE annotations at sample 0, then beats and a rhythm change with (AFIB, byte for byte as the spec says', () => {
    const expected = Buffer.concat([
      ...provenanceLines(source.provenance).map((line) => Buffer.concat([words(22 << 10), aux(line)])),
      words((1 << 10) | 100),
      words(59 << 10, 0, 1400, 28 << 10),
      aux('(AFIB'),
      words(5 << 10, (8 << 10) | 200, 0),
    ]);
    expect(encodeAnnotations('x.hws', caseAnnotations(source))).toEqual(expected);
  });

  it('states the models and the review status in the notes', () => {
    const notes = caseAnnotations(source)
      .filter((a) => a.symbol === '"')
      .map((a) => a.aux);
    expect(notes).toContain(`model: beats 1.2 sha256 ${'cd'.repeat(32)}`);
    expect(notes).toContain('review status: in_review (PRELIMINARY, not signed)');
    expect(notes).toContain('signed: no');
  });
});
