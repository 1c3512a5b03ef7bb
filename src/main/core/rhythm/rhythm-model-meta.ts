import type { RhythmLabel } from './rhythm-labels';
import type { WindowNormalisation } from './window-input';
import type { ChallengeScores } from './challenge-score';

/**
 * Contents of `resources/models/rhythm/meta.json`: what the classifier needs to run the model
 * (`fsHz`, `windowS`, `strideS`, `normalisation`, `labels`, `attention`) and the record of how it was
 * trained and how it scored.
 */
export interface RhythmModelMeta {
  readonly name: string;
  readonly version: string;
  /** ISO 8601 time the model was written */
  readonly created: string;
  /** input sampling rate of the network, in Hz; records are resampled to it */
  readonly fsHz: number;
  /** window length, in seconds */
  readonly windowS: number;
  /** default stride between window starts for long records, in seconds */
  readonly strideS: number;
  /** per-window normalisation (see writeWindowInput) and how short records are padded */
  readonly normalisation: WindowNormalisation & { readonly method: string; readonly padding: string };
  /** output units in order, with their CinC 2017 meanings */
  readonly labels: readonly { readonly label: RhythmLabel; readonly meaning: string }[];
  /** layout of the second output: attention over `steps` time steps of a `windowS` window */
  readonly attention: { readonly steps: number; readonly windowS: number; readonly method: string };
  readonly data?: Record<string, unknown>;
  readonly split?: Record<string, unknown>;
  readonly hyperParameters?: Record<string, unknown>;
  readonly metrics?: { readonly tune?: ChallengeScores; readonly validation?: ChallengeScores; readonly [k: string]: unknown };
  readonly training?: Record<string, unknown>;
  readonly parameterCount?: number;
  /** sha256 (hex) of each model file, by file name */
  readonly sha256?: Record<string, string>;
}
