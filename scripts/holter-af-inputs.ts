/**
 * Shared by scripts/eval-holter-rhythm.ts and scripts/tune-af-holter.ts: their model options, and the AF
 * detector's inputs for one WFDB record as the analysis makes them (lead 0, our QRS detector, the beat model's AAMI labels, the
 * rhythm model's per-window P(A)), and the record's reference AF spans.
 */
import { Command } from 'commander';
import { AAMI_CLASSES } from '../src/shared/labels';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { readReferenceRhythmSpans } from '../src/main/core/evaluate/reference-rhythm-spans';
import type { RhythmSpan } from '../src/main/core/evaluate/rhythm-episode-compare';
import { detectQrs } from '../src/main/core/qrs/detector';
import type { AfDetectorInput, AfWindowProbabilities } from '../src/main/core/rhythm/af-detector';
import { initBackend, type BackendInfo } from '../src/main/core/ml/backend';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { RHYTHM_LABELS } from '../src/main/core/rhythm/rhythm-labels';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

/** One record's AF detector inputs and reference. */
export interface HolterAfRecord {
  /** beats, rate and length only (no labels, no CNN) */
  readonly base: AfDetectorInput;
  /** AAMI label of each beat, from the beat model on leads 0 and 1 */
  readonly beatLabels: readonly string[];
  /** the rhythm model's P(A) per window (its meta stride) */
  readonly windows: AfWindowProbabilities;
  /** reference `(AFIB` spans */
  readonly reference: RhythmSpan[];
}

/**
 * Reads a record and builds its AF detector inputs.
 * @param headerPath - `REC.hea` (two or more signals)
 * @param atrPath - its reference annotations
 * @param beatModel - loaded beat classifier
 * @param rhythmModel - loaded rhythm classifier
 * @returns inputs and reference spans
 */
export async function holterAfRecord(
  headerPath: string,
  atrPath: string,
  beatModel: BeatClassifier,
  rhythmModel: RhythmClassifier,
): Promise<HolterAfRecord> {
  const record = readRecord(headerPath);
  const lead = toPhysical(record, 0);
  const beats = detectQrs(lead, record.fsHz);
  const labels = (await beatModel.classify([lead, toPhysical(record, 1)], record.fsHz, beats)).labels;
  const windows = await rhythmModel.classifyWindows(lead, record.fsHz);
  const aIndex = RHYTHM_LABELS.indexOf('A');
  return {
    base: { beatSamples: beats, fsHz: record.fsHz, nSamples: record.nSamples },
    beatLabels: Array.from(labels, (l) => AAMI_CLASSES[l] as string),
    windows: {
      startSample: windows.startSample,
      windowS: windows.windowS,
      afProbability: Array.from(windows.startSample, (_, w) => windows.probabilities[w * RHYTHM_LABELS.length + aIndex] as number),
    },
    reference: readReferenceRhythmSpans(atrPath, record.nSamples, 'AF'),
  };
}

/** The beat and rhythm models of a Holter script, and the tfjs backend they run on. */
export interface HolterModels {
  readonly backend: BackendInfo;
  readonly beatModel: BeatClassifier;
  readonly rhythmModel: RhythmClassifier;
}

/**
 * Parses `--beat-model DIR` and `--rhythm-model DIR` (defaults: the committed models), starts the tfjs
 * backend and loads both models.
 * @param name - script name for --help
 * @param description - one line for --help
 * @returns the loaded models and backend
 * @throws Error naming the folder when a model cannot be loaded
 */
export async function loadHolterModels(name: string, description: string): Promise<HolterModels> {
  const options = new Command()
    .name(name)
    .description(description)
    .option('--beat-model <dir>', 'beat model folder', 'resources/models/beats')
    .option('--rhythm-model <dir>', 'rhythm model folder', 'resources/models/rhythm')
    .parse()
    .opts<{ beatModel: string; rhythmModel: string }>();
  const backend = await initBackend();
  return {
    backend,
    beatModel: await BeatClassifier.load(options.beatModel),
    rhythmModel: await RhythmClassifier.load(options.rhythmModel),
  };
}
