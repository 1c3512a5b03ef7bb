import { join } from 'node:path';
import { readChallenge2017Labels } from '../formats/physionet2017';
import { readRecord, toPhysical } from '../wfdb/record';
import type { RhythmLabel } from './rhythm-labels';

/** One PhysioNet 2017 record of a split, with its REFERENCE.csv label. */
export interface ChallengeSplitRecord {
  /** record name, e.g. A00006 */
  readonly name: string;
  /** its REFERENCE.csv label */
  readonly label: RhythmLabel;
  /** its single lead, in mV */
  readonly signalMv: Float32Array;
  /** its sampling rate, in Hz (300 in this set) */
  readonly fsHz: number;
}

/**
 * Reads the PhysioNet/CinC 2017 records of one split (a list of names, e.g. meta.json's `split.tune`)
 * with their labels.
 * @param dataDir - folder with REFERENCE.csv and the records' .hea/.mat files
 * @param names - record names
 * @returns the records in the order of `names`
 * @throws Error naming the record when it is not in REFERENCE.csv or cannot be read
 */
export function readChallengeSplit(dataDir: string, names: readonly string[]): ChallengeSplitRecord[] {
  const labels = readChallenge2017Labels(join(dataDir, 'REFERENCE.csv'));
  return names.map((name) => {
    const label = labels.get(name);
    if (label === undefined) throw new Error(`readChallengeSplit: ${name} is not in ${join(dataDir, 'REFERENCE.csv')}`);
    const record = readRecord(join(dataDir, `${name}.hea`), { verifyChecksums: false });
    return { name, label, signalMv: toPhysical(record, 0), fsHz: record.fsHz };
  });
}
