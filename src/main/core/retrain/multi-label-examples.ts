import { join } from 'node:path';
import { windowStarts } from '../rhythm/window-starts';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { readAnnotations } from '../wfdb/annotations';
import { readRecord, toPhysicalFrames } from '../wfdb/record';
import { concatTyped } from '../analysis/concat-typed';
import {
  concatRhythmExamples,
  pickRhythmExamples,
  rhythmModelRate,
  rhythmWindowSamples,
  signalRhythmExamples,
  type RhythmExamples,
} from './rhythm-examples';
import { MULTI_LABELS, primaryLabel, windowLabelSet } from './window-label-set';

/** Multi-label rhythm-model inputs: the windows, their label sets, their primary labels and records. */
export interface MultiLabelExamples extends RhythmExamples {
  /** n × MULTI_LABELS.length, 0/1 row-major: every condition present in each window */
  labelSets: Uint8Array;
  /** `labels` here: the primary label of each window (primaryLabel), index into MULTI_LABELS */
  labels: Uint8Array;
  /** the record each window comes from */
  records: string[];
}

/**
 * The 30 s windows of WFDB records with their reference label sets, built as the analysis builds
 * its rhythm windows: the record's first signal (the lead the rhythm stage reads), non-finite
 * samples set to 0, resampled to meta.fsHz (rhythmModelRate), windows of meta.windowS every
 * `strideS` plus one aligned to the record end (windowStarts), each normalised as the classifier does
 * (writeWindowInput through signalRhythmExamples). Each window's label set comes from the record's
 * reference annotations over the window's span at the record rate (windowLabelSet).
 * @param dataDir - folder holding `NAME.hea`, its signal file and `NAME.atr` (e.g. ../shared/data/mitdb)
 * @param recordNames - records to read, in order
 * @param meta - the rhythm model's meta.json (fsHz, windowS, normalisation)
 * @param strideS - stride between window starts, in seconds (> 0)
 * @returns the windows of all records, record by record
 * @throws RangeError for a non-positive stride; WfdbError naming the file when a record or its
 *   annotations cannot be read
 */
export function multiLabelExamples(
  dataDir: string,
  recordNames: readonly string[],
  meta: Pick<RhythmModelMeta, 'fsHz' | 'windowS' | 'normalisation'>,
  strideS: number,
): MultiLabelExamples {
  if (!(strideS > 0)) throw new RangeError(`multiLabelExamples: invalid stride ${strideS} s`);
  const size = rhythmWindowSamples(meta);
  const parts = recordNames.map((name) => {
    const headerPath = join(dataDir, `${name}.hea`);
    const record = readRecord(headerPath);
    const annotations = readAnnotations(join(dataDir, `${name}.atr`));
    const signal = rhythmModelRate(toPhysicalFrames(record, 0), record.fsHz, meta.fsHz);
    const starts = windowStarts(signal.length, size, Math.max(1, Math.round(strideS * meta.fsHz)));
    const toRecord = record.fsHz / meta.fsHz;
    const sets = starts.map((s) =>
      windowLabelSet(annotations, Math.round(s * toRecord), Math.min(record.nSamples, Math.round((s + size) * toRecord)), record.nSamples),
    );
    const examples = signalRhythmExamples(signal, starts, sets.map(primaryLabel), meta);
    return { ...examples, labelSets: concatTyped(sets, Uint8Array), records: starts.map(() => name) };
  });
  return concatMultiLabelExamples(parts);
}

/**
 * The windows at some indices of a set, in the order given.
 * @param examples - the set
 * @param indices - window indices into it
 * @returns a new set
 */
export function pickMultiLabelExamples(examples: MultiLabelExamples, indices: readonly number[]): MultiLabelExamples {
  const k = MULTI_LABELS.length;
  const out: MultiLabelExamples = {
    ...pickRhythmExamples(examples, indices),
    labelSets: new Uint8Array(indices.length * k),
    records: indices.map((i) => examples.records[i] as string),
  };
  indices.forEach((i, j) => out.labelSets.set(examples.labelSets.subarray(i * k, (i + 1) * k), j * k));
  return out;
}

/**
 * The windows of some records of a set.
 * @param examples - the set
 * @param keep - whether a record's windows are kept
 * @returns a new set, in the original order
 */
export function pickMultiLabelRecords(examples: MultiLabelExamples, keep: (record: string) => boolean): MultiLabelExamples {
  return pickMultiLabelExamples(
    examples,
    examples.records.flatMap((r, i) => (keep(r) ? [i] : [])),
  );
}

/**
 * Joins several sets in order.
 * @param parts - sets of one window length
 * @returns one set
 */
export function concatMultiLabelExamples(parts: readonly MultiLabelExamples[]): MultiLabelExamples {
  return {
    ...concatRhythmExamples(parts),
    labelSets: concatTyped(
      parts.map((p) => p.labelSets),
      Uint8Array,
    ),
    records: parts.flatMap((p) => p.records),
  };
}
