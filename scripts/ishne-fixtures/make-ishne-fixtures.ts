/**
 * Regenerates test/fixtures/ishne/: ISHNE files written by our writer from the first 10 s of mitdb 100 and 107
 * (paced), and what two independent programs make of them: biosig's reader (`save2gdf -JSON` and `-f=ASCII`,
 * Debian biosig-tools) and Python's `binascii.crc_hqx(bytes, 0xFFFF)` for the header CRC-CCITT.
 * See test/fixtures/ishne/README.md.
 *   npx tsx scripts/ishne-fixtures/make-ishne-fixtures.ts [MITDB_DIR]
 */
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { writeIshne } from '../../src/main/core/formats/ishne-writer';
import { ISHNE_HEADER_BYTES } from '../../src/main/core/formats/ishne-header';
import { readRecord } from '../../src/main/core/wfdb/record';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const [mitdb = join(repo, '../shared/data/mitdb')] = new Command()
  .name('npx tsx scripts/ishne-fixtures/make-ishne-fixtures.ts')
  .argument('[mitdb]', 'MIT-BIH Arrhythmia Database folder (default ../shared/data/mitdb)')
  .parse().args;
const out = join(repo, 'test/fixtures/ishne');
/** biosig 3.0.1 reads ISHNE samples from byte 4096 whatever Offset_ECG_block says, so the ECG starts there. */
const BIOSIG_ECG_OFFSET = 4096;
const FRAMES = 3600;

/** [record, Lead_Spec codes of its two signals, pacemaker code]: 100 is MLII + V5, 107 (paced) MLII + V1. */
const RECORDS: [string, [number, number], number][] = [
  ['100', [6, 15], 0],
  ['107', [6, 11], 1],
];

mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'ishnefixtures-'));
try {
  for (const [name, leadSpecs, pacemaker] of RECORDS) {
    const record = readRecord(join(mitdb, `${name}.hea`), { endSample: FRAMES });
    const note = `mitdb ${name}, first ${FRAMES} samples; ADC = WFDB value - 1024 (baseline); 5000 nV per unit (200 adu/mV).`;
    const path = join(out, `mitdb${name}.ecg`);
    writeIshne(path, {
      samplingRateHz: record.fsHz,
      pacemaker,
      variableBlock: note.padEnd(BIOSIG_ECG_OFFSET - ISHNE_HEADER_BYTES, ' '),
      fields: { id: `mitdb ${name}`, recordDate: [1, 12, 2026], startTime: [8, 30, 0], recorder: 'MIT-BIH (converted)' },
      leads: record.adc.map((adc, i) => ({
        leadSpec: leadSpecs[i] ?? 0,
        quality: 1,
        resolutionNv: 5000,
        samples: Array.from(adc, (v) => v - (record.header.signals[i]?.baselineAdc ?? 0)),
      })),
    });
    const json = execFileSync('save2gdf', ['-JSON', `mitdb${name}.ecg`], {
      cwd: out,
      encoding: 'latin1',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    writeFileSync(join(out, `mitdb${name}.biosig.json`), json, 'latin1');
    execFileSync('save2gdf', ['-f=ASCII', path, join(work, name)], { stdio: 'ignore' });
    for (const c of ['a01', 'a02'])
      writeFileSync(join(out, `mitdb${name}.biosig.${c}.gz`), gzipSync(readFileSync(join(work, `${name}.${c}`)), { level: 9 }));
    const crc = execFileSync(
      'python3',
      [
        '-c',
        'import binascii,sys; b=open(sys.argv[1],"rb").read(); o=int.from_bytes(b[22:26],"little"); print("%04x" % binascii.crc_hqx(b[10:o], 0xFFFF))',
        path,
      ],
      { encoding: 'latin1' },
    );
    writeFileSync(join(out, `mitdb${name}.crc-python.txt`), crc);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
