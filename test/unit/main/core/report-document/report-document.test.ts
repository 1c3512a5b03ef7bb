/**
 * The report document prints the report core's figures: the HTML page's and the PDF's text are compared with
 * `holterReport` computed here on the same beats. Record: `test/fixtures/qrs/203_600` (mitdb 203, 10:00–11:00,
 * multiform PVCs, couplets and runs; see its README) with its reference annotations as the beats, and mitdb 208
 * (bigeminy, trigeminy, couplets) from `../shared/data` when present.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseExportSource } from '../../../../../src/main/core/exports/case-export-source';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import { reportEvents } from '../../../../../src/main/core/report/report-events';
import { reportDocument } from '../../../../../src/main/core/report-document/report-document';
import { reportHtml } from '../../../../../src/main/core/report-document/report-html';
import { reportPdf } from '../../../../../src/main/core/report-document/report-pdf';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import { readRecord } from '../../../../../src/main/core/wfdb/record';
import { aamiClassOfSymbol } from '../../../../../src/shared/labels';

const FIXTURE = resolve(import.meta.dirname, '../../../../fixtures/qrs/203_600');
const MITDB_208 = resolve(import.meta.dirname, '../../../../../../shared/data/mitdb/208');
const PDFTOTEXT = '/usr/bin/pdftotext';
const dir = mkdtempSync(join(tmpdir(), 'report-document-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case from a record and its reference annotations (beats only), optionally signed. */
function referenceCase(base: string, signed: boolean): CaseExportSource {
  const record = readRecord(`${base}.hea`, { startSample: 0, endSample: 1 });
  const beats = readAnnotations(`${base}.atr`).flatMap((a) => {
    const label = aamiClassOfSymbol(a.symbol);
    return label === null ? [] : [{ sample: a.sample, label, source: 'human' as const, artefact: false }];
  });
  const name = record.recordName;
  return {
    headerPath: `${base}.hea`,
    recordName: name,
    fsHz: record.fsHz,
    nSamples: record.header.nSamples ?? 0,
    baseTime: record.header.baseTime,
    baseDate: record.header.baseDate,
    beats,
    episodes: [],
    artefactSpans: [],
    addedStrips: [],
    provenance: {
      recordName: name,
      analysis: { createdAt: '2026-12-01T08:00:00.000Z', backend: 'cpu (test)', detector: 'test' },
      models: [{ name: 'beats', version: '9.9', sha256: 'ab'.repeat(32) }],
      review: {
        status: signed ? 'signed' : 'reviewed',
        reviewer: 'tech A',
        reviewerRole: 'technician',
        reviewedAt: '2026-12-01T09:00:00.000Z',
        signedBy: signed ? 'Dr B' : null,
        signerRole: signed ? 'physician' : null,
        signedAt: signed ? '2026-12-01T10:00:00.000Z' : null,
      },
      appVersion: 'test',
      exportedAt: '2026-12-01T10:05:00.000Z',
    },
  };
}

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Table rows of the HTML page as `section title → row label → cells`. */
function htmlTables(html: string): Map<string, Map<string, string[]>> {
  const tables = new Map<string, Map<string, string[]>>();
  for (const section of html.matchAll(/<section class="table"><h2>(.*?)<\/h2>(.*?)<\/section>/g)) {
    const rows = new Map<string, string[]>();
    for (const row of (section[2] as string).matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)) {
      rows.set(
        decode(row[1] as string),
        [...(row[2] as string).matchAll(/<td>(.*?)<\/td>/g)].map((c) => decode(c[1] as string)),
      );
    }
    tables.set(decode(section[1] as string), rows);
  }
  return tables;
}

function pdfPages(bytes: Uint8Array, name: string): string[] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync(PDFTOTEXT, ['-f', String(i + 1), '-l', String(i + 1), path, '-'], { encoding: 'utf8' }),
  );
}

function checkFigures(source: CaseExportSource): void {
  const core = holterReport({
    recordName: source.recordName,
    fsHz: source.fsHz,
    nSamples: source.nSamples,
    baseTime: source.baseTime,
    baseDate: source.baseDate,
    beats: source.beats.map((b) => ({ sample: b.sample, label: b.label, excluded: false })),
    excludedSpans: [],
    rhythmEpisodes: [],
  });
  const html = reportHtml(reportDocument(source));
  const tables = htmlTables(html);
  const cell = (table: string, row: string, column = 0): string | undefined => tables.get(table)?.get(row)?.[column];
  const ms = (v: number | null): string => `${(v as number).toFixed(1)} ms`;
  expect(cell('Heart rate', 'Mean')).toBe(`${(core.heartRate.meanBpm as number).toFixed(0)} bpm`);
  expect(cell('Heart rate', 'Minimum')).toMatch(new RegExp(`^${(core.heartRate.min?.bpm as number).toFixed(0)} bpm at `));
  expect(cell('Heart rate', 'Maximum')).toMatch(new RegExp(`^${(core.heartRate.max?.bpm as number).toFixed(0)} bpm at `));
  expect(cell('Heart rate', 'RR intervals')).toBe(String(core.heartRate.rrCount));
  const hrv = 'Heart rate variability (time domain)';
  expect(cell(hrv, 'NN intervals')).toBe(String(core.hrv.nnCount));
  expect(cell(hrv, 'SDNN')).toBe(ms(core.hrv.sdnnMs));
  expect(cell(hrv, 'RMSSD')).toBe(ms(core.hrv.rmssdMs));
  expect(cell(hrv, 'pNN50')).toBe(`${(core.hrv.pnn50Percent as number).toFixed(2)} %`);
  for (const [column, c] of [
    [0, core.ectopy.S],
    [1, core.ectopy.V],
  ] as const) {
    expect(cell('Ectopy', 'Beats', column)).toBe(String(c.beats));
    expect(cell('Ectopy', 'Isolated', column)).toBe(String(c.isolated));
    expect(cell('Ectopy', 'Couplets', column)).toBe(String(c.couplets));
    expect(cell('Ectopy', 'Runs (>= 3 beats)', column)).toBe(String(c.runs.length));
    expect(cell('Ectopy', 'Bigeminy episodes', column)).toBe(String(c.bigeminy.length));
    expect(cell('Ectopy', 'Trigeminy episodes', column)).toBe(String(c.trigeminy.length));
  }
  expect(tables.get('Time base')?.get('Analysed time')?.[0]).toContain(`(${core.timeBase.analysedS.toFixed(0)} s)`);
  expect(tables.get('Hourly heart rate')?.size).toBe(core.heartRate.hourly.length);
  core.heartRate.hourly.forEach((h, i) => {
    const row = [...tables.get('Hourly ectopy')!.values()][i];
    const pct = (c: typeof core.ectopy.S): string => ((100 * (c.hourly[i]?.beats ?? 0)) / h.beats).toFixed(2);
    expect([row?.[0], row?.[1], row?.[4], row?.[5]]).toEqual([
      String(core.ectopy.S.hourly[i]?.beats),
      pct(core.ectopy.S),
      String(core.ectopy.V.hourly[i]?.beats),
      pct(core.ectopy.V),
    ]);
  });
  const patterns = [core.ectopy.S, core.ectopy.V].flatMap((c) => [...c.bigeminy, ...c.trigeminy]);
  const patternSection = /<h2>Bigeminy and trigeminy episodes<\/h2>.*?<tbody>(.*?)<\/tbody>.*?<p class="note">(.*?) episode/.exec(html);
  expect(patternSection?.[2]).toBe(String(patterns.length));
  const listed = [...(patternSection?.[1] ?? '').matchAll(/<tr><th scope="row">.*?<\/th><td>(.*?)<\/td><td>(\d+)<\/td>/g)];
  expect(listed.map((r) => [r[1], Number(r[2])])).toEqual(
    [...patterns]
      .sort((a, b) => a.onsetSample - b.onsetSample)
      .slice(0, 50)
      .map((p) => [`${p.beatClass} ${p.kind}`, p.cycles]),
  );
}

describe('report document', () => {
  it('prints the report core’s figures in the HTML page (mitdb 203 excerpt, reference beats)', () => {
    checkFigures(referenceCase(FIXTURE, false));
  });

  it.skipIf(!existsSync(`${MITDB_208}.hea`))('prints the report core’s figures in the HTML page (mitdb 208, reference beats)', () => {
    checkFigures(referenceCase(MITDB_208, false));
  });

  it('draws one strip per kind of finding, each an event of the report, 7 s of the record in mV', () => {
    const source = referenceCase(FIXTURE, false);
    const doc = reportDocument(source);
    const events = reportEvents(doc.report);
    expect(doc.strips.length).toBeGreaterThan(2);
    for (const strip of doc.strips) {
      expect(events).toContainEqual(strip.event);
      expect(strip.mv.length).toBe(7 * 360);
      expect(strip.startSample).toBeLessThanOrEqual(strip.event?.onsetSample ?? -1);
      expect(strip.beats.every((b) => b.sample >= strip.startSample && b.sample < strip.endSample)).toBe(true);
    }
    expect(doc.strips.some((s) => s.title.startsWith('Ventricular couplet'))).toBe(true);
    const titles = doc.strips.map((s) => s.title.replace(/ at .*/, ''));
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('an unsigned report says PRELIMINARY at the top and bottom of the HTML page; a signed one does not', () => {
    const unsigned = reportHtml(reportDocument(referenceCase(FIXTURE, false)));
    expect(unsigned.match(/data-mark="preliminary"/g)?.length).toBe(2);
    const signed = reportHtml(reportDocument(referenceCase(FIXTURE, true)));
    expect(signed).not.toContain('PRELIMINARY');
    const signOff = htmlTables(signed).get('Sign-off');
    expect(signOff?.get('Signed by')?.[0]).toBe('Dr B (physician) at 2026-12-01T10:00:00.000Z');
    expect(signOff?.get('Reviewed by')?.[0]).toBe('tech A (technician) at 2026-12-01T09:00:00.000Z');
  });

  it('the HTML page is self-contained: no script and no external resource', () => {
    const html = reportHtml(reportDocument(referenceCase(FIXTURE, false)));
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
  });

  it.skipIf(!existsSync(PDFTOTEXT))('PDF: PRELIMINARY on every page unless signed, and the core’s figures in its text', async () => {
    const source = referenceCase(FIXTURE, false);
    const doc = reportDocument(source);
    const unsigned = pdfPages(await reportPdf(doc), 'unsigned.pdf');
    expect(unsigned.length).toBeGreaterThan(1);
    unsigned.forEach((text, i) => expect(text, `page ${i + 1}`).toContain('PRELIMINARY'));
    const text = unsigned.join('\n');
    expect(text).toContain(`${(doc.report.hrv.sdnnMs as number).toFixed(1)} ms`);
    expect(text).toContain(`${(doc.report.hrv.rmssdMs as number).toFixed(1)} ms`);
    expect(text).toContain(`${(doc.report.heartRate.meanBpm as number).toFixed(0)} bpm`);
    expect(text).toContain('NN editing rule');
    const signed = pdfPages(await reportPdf(reportDocument(referenceCase(FIXTURE, true))), 'signed.pdf');
    signed.forEach((page, i) => expect(page, `page ${i + 1}`).not.toContain('PRELIMINARY'));
    expect(signed.join('\n')).toContain('signed: Dr B (physician) at 2026-12-01T10:00:00.000Z');
  });
});
