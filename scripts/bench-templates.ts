/**
 * Beat-template figures for `npm run bench`: clustering the 24 h concatenation of MIT-BIH
 * (data/holter24h/concat24h.hea, built by `npx tsx scripts/make-holter-24h.ts`) with its 109,494
 * reference beats (the 48 records' .atr beats, shifted to their place in the concatenation), per AAMI
 * class as the review screen uses it; then the edits a technician makes on that set. Prints one
 * figure per line with its unit; skips with a message when the record or ../shared/data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readReferenceBeatLabels } from '../src/main/core/evaluate/reference-beat-labels';
import { buildBeatTemplates } from '../src/main/core/review/build-beat-templates';
import { moveBeats } from '../src/main/core/review/move-beats';
import { readBeatWindows } from '../src/main/core/review/read-beat-windows';
import { relabelTemplate } from '../src/main/core/review/relabel-template';
import { readRecord } from '../src/main/core/wfdb/record';
import type { AamiClass } from '../src/shared/labels';

const root = resolve(import.meta.dirname, '..');
const CONCAT = join(root, 'data/holter24h/concat24h.hea');
const MITDB = resolve(root, '../shared/data/mitdb');

function concatenatedBeats(): { samples: Int32Array; labels: AamiClass[] } {
  const samples: number[] = [];
  const labels: AamiClass[] = [];
  let offset = 0;
  for (const name of readFileSync(join(MITDB, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean)) {
    const beats = readReferenceBeatLabels(join(MITDB, `${name}.atr`), offset);
    beats.samples.forEach((s) => samples.push(s));
    labels.push(...beats.labels);
    offset += readRecord(join(MITDB, `${name}.hea`), { startSample: 0, endSample: 0, verifyChecksums: false }).header.nSamples;
  }
  return { samples: Int32Array.from(samples), labels };
}

/** Wall and CPU milliseconds of one call. */
function timed<T>(run: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Prints the beat-template figures (see the file comment). */
export function benchBeatTemplates(): void {
  if (!existsSync(CONCAT) || !existsSync(join(MITDB, 'RECORDS'))) {
    console.log(`beat templates: skipped (need ${CONCAT}, from scripts/make-holter-24h.ts, and ${MITDB})`);
    return;
  }
  const beats = concatenatedBeats();
  const build = timed(() => buildBeatTemplates(CONCAT, beats));
  const set = build.result;
  const n = beats.samples.length.toLocaleString('en');
  console.log(`beat templates, 24 h concatenation, ${n} beats, per class: ${(build.wallMs / 1000).toFixed(2)} s wall`);
  console.log(`beat templates, 24 h concatenation, ${n} beats, per class: ${(build.cpuMs / 1000).toFixed(2)} s CPU`);
  console.log(`beat templates, 24 h concatenation: ${set.templates.length} templates`);
  console.log(`beat templates, 24 h concatenation: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB resident after the build`);
  const largest = set.templates[0];
  const target = set.templates.find((t) => t.label !== largest?.label);
  if (largest === undefined || target === undefined) return;
  const relabel = timed(() => relabelTemplate(set, largest.id, 'S'));
  console.log(`relabel a template of ${largest.count.toLocaleString('en')} beats (core, in memory): ${relabel.wallMs.toFixed(1)} ms`);
  const beat = largest.memberBeats.subarray(0, 1);
  const move = timed(() => moveBeats(set, beat, { templateId: target.id }, readBeatWindows(CONCAT, set, beats.samples, beat)));
  console.log(`move one beat to another template (reads its window, recomputes both templates): ${move.wallMs.toFixed(1)} ms`);
}
