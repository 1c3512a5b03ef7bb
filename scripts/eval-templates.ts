/**
 * Template purity on the MIT-BIH Arrhythmia Database: for every record, the reference (.atr) beats are
 * clustered into morphology templates with all beats together (class-agnostic mode, so labels play no
 * part in the clustering), and each template is scored against the reference AAMI classes (de Chazal
 * mapping): purity = fraction of beats whose template's majority reference class is their own
 * (Lagerholm et al. 2000, doi:10.1109/10.846677; Castro et al. 2015, doi:10.1109/JBHI.2014.2361659).
 * Also the number of templates and how many of the largest hold 95 % of the beats. The clustering
 * parameters were chosen on DS1 (de Chazal 2004 split); DS2 and the paced records are reported apart.
 *
 *   npx tsx scripts/eval-templates.ts [--data ../shared/data/mitdb] [--records 100,101,...]
 */
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { readReferenceBeatLabels } from '../src/main/core/evaluate/reference-beat-labels';
import { templatePurity } from '../src/main/core/evaluate/template-purity';
import { buildBeatTemplates } from '../src/main/core/review/build-beat-templates';

/** DS1 of de Chazal et al. 2004, doi:10.1109/TBME.2004.827359. */
const DS1 = new Set('101 106 108 109 112 114 115 116 118 119 122 124 201 203 205 207 208 209 215 220 223 230'.split(' '));
const PACED = new Set(['102', '104', '107', '217']);
const COVERAGE = 0.95;
/** Templates a technician reviews per record: Lagerholm et al. 2000 used 25 clusters per record. */
const REVIEWABLE = 25;

const values = new Command()
  .name('npx tsx scripts/eval-templates.ts')
  .option('--data <dir>', 'MIT-BIH Arrhythmia Database folder', resolve(import.meta.dirname, '../../shared/data/mitdb'))
  .option('--records <list>', 'records to evaluate, comma-separated (default: all of RECORDS)')
  .parse()
  .opts<{ data: string; records?: string }>();
const records = values.records?.split(',') ?? readFileSync(join(values.data, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
const totals = new Map<string, { beats: number; pure: number; records: number; reviewable: number; most: number }>();
console.log('record\tset\tbeats\ttemplates\tfor95%\tpurity\tms');
for (const name of records) {
  const headerPath = join(values.data, `${name}.hea`);
  const beats = readReferenceBeatLabels(join(values.data, `${name}.atr`));
  const t0 = performance.now();
  const set = buildBeatTemplates(headerPath, beats, { mode: 'class-agnostic' });
  const ms = performance.now() - t0;
  const p = templatePurity(
    set.templates.map((t) => t.memberBeats),
    beats.labels,
    COVERAGE,
  );
  const group = PACED.has(name) ? 'paced' : DS1.has(name) ? 'DS1' : 'DS2';
  console.log(`${name}\t${group}\t${p.beats}\t${p.templates}\t${p.templatesForCoverage}\t${p.purity.toFixed(4)}\t${ms.toFixed(0)}`);
  for (const key of [group, 'all']) {
    const t = totals.get(key) ?? { beats: 0, pure: 0, records: 0, reviewable: 0, most: 0 };
    t.beats += p.beats;
    t.pure += p.pureBeats;
    t.records += 1;
    t.reviewable += p.templatesForCoverage <= REVIEWABLE ? 1 : 0;
    t.most = Math.max(t.most, p.templatesForCoverage);
    totals.set(key, t);
  }
}
for (const [key, t] of totals) {
  console.log(
    `${key}: ${t.records} records, ${t.beats} beats, gross purity ${(t.pure / t.beats).toFixed(4)}, ` +
      `records whose 95 % of beats lie in ≤ ${REVIEWABLE} templates: ${t.reviewable}/${t.records} (most: ${t.most})`,
  );
}
