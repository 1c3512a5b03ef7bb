import type { RhythmLabel } from './rhythm-labels';
import type { WindowNormalisation } from './window-input';
import type { ChallengeScores } from './challenge-score';
import type { RecordCallCalibration } from './record-call-calibration';

/**
 * Contents of `resources/models/rhythm/meta.json`: what the classifier needs to run the model
 * (`fsHz`, `windowS`, `strideS`, `normalisation`, `labels`, `attention`) and the record of how it was
 * trained and how it scored.
 */
export interface RhythmModelMeta {
  /** model identifier */
  readonly name: string;
  /** semantic version of the model files */
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
  /** output units in order, with their CinC 2017 meanings (a multi-label model: the labels of MULTI_LABELS) */
  readonly labels: readonly { readonly label: RhythmLabel | string; readonly meaning?: string }[];
  /**
   * the first output's activation and decision: absent or 'softmax' for the CinC 2017 classifier; 'sigmoid' for a
   * multi-label (xECGNet) model, whose outputs the classifier turns into strip classes (stripClassesOfLabelSets)
   */
  readonly output?: {
    readonly activation: 'softmax' | 'sigmoid';
    readonly decision?: { readonly kind: string; readonly threshold?: number };
  };
  /**
   * layout of the second output: attention over `steps` time steps of a `windowS` window; step k
   * covers model-rate samples [k·stepSamples, (k+1)·stepSamples) of the window when `stepSamples`
   * is given (models written before it: spread evenly over the window)
   */
  readonly attention: { readonly steps: number; readonly windowS: number; readonly method: string; readonly stepSamples?: number };
  /** training database, record count and class counts */
  readonly data?: Record<string, unknown>;
  /** how records were split; `tune` and `validation` list record names, train is the rest */
  readonly split?: { readonly tune?: readonly string[]; readonly validation?: readonly string[]; readonly [k: string]: unknown };
  /** training settings and architecture */
  readonly hyperParameters?: Record<string, unknown>;
  /** record-call scores on the tune split (used for selection) and the held-out validation split */
  readonly metrics?: { readonly tune?: ChallengeScores; readonly validation?: ChallengeScores; readonly [k: string]: unknown };
  /** temperature of the record call, fitted on the tune split (absent: probabilities shown uncalibrated) */
  readonly calibration?: RecordCallCalibration;
  /** backend, epochs, best epoch, wall time, per-epoch history */
  readonly training?: Record<string, unknown>;
  /** number of weights (trainable and not) */
  readonly parameterCount?: number;
  /** sha256 (hex) of each model file, by file name */
  readonly sha256?: Record<string, string>;
}
