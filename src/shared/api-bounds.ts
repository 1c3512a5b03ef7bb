/**
 * The bounds of the API's inputs (see `api.ts`), each keeping the cost of a
 * call bounded. Plain numbers, no zod, so the renderer can use them without
 * bundling the schemas.
 */

/** Largest record, beat or event id accepted: JavaScript's largest exact integer (SQLite rowids beyond it cannot be represented). */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
/** Largest sample index accepted: 2^40, about 35 years at 1 kHz (far beyond any record; keeps sample arithmetic exact). */
export const MAX_SAMPLE_INDEX = 2 ** 40;
/** Narrowest heart-rate trend bin `record:overview` accepts, in s. */
export const MIN_TREND_BIN_S = 1;
/** Widest heart-rate trend bin `record:overview` accepts, in s (one day). */
export const MAX_TREND_BIN_S = 86_400;
/**
 * Most heart-rate trend bins `record:overview` returns: a request whose
 * `nSamples / fsHz / binS` exceeds it is refused with `bad_request` naming the
 * smallest binS that fits (see {@link minTrendBinS}); it is never clamped, so
 * `hrTrend.binS` always equals the requested one.
 */
export const MAX_TREND_BINS = 5000;
/**
 * Longest span `record:window` returns, in s (the strip shows 10 s): a longer
 * request is clamped to its first `MAX_WINDOW_S` seconds, and to the record.
 */
export const MAX_WINDOW_S = 60;
/**
 * Most min/max bins `record:window` returns per lead when asked for an envelope (`envelopeBins`):
 * more than a screen is wide. It bounds the cost of any span, up to a whole multi-day record: at
 * most this many bins' worth of stored pyramid tiles, or of signal when the bins are finer than the
 * pyramid's finest level (256 frames, 0.71 s at 360 Hz): at most 524,288 frames.
 */
export const MAX_ENVELOPE_BINS = 2048;
/** Longest path `cases:import` accepts, in UTF-16 code units (Linux PATH_MAX). */
export const MAX_PATH_CHARS = 4096;
/** Longest job id `analysis:cancel` accepts, in characters. */
export const MAX_JOB_ID_CHARS = 64;
/** Longest reviewer name accepted, in characters (after trimming). */
export const MAX_REVIEWER_CHARS = 100;

/**
 * The smallest trend bin width that keeps a record's trend within {@link MAX_TREND_BINS} bins.
 * @param durationS - record length, in s (nSamples / fsHz)
 * @returns bin width in s, at least {@link MIN_TREND_BIN_S}; above {@link MAX_TREND_BIN_S} when no allowed width fits
 */
export function minTrendBinS(durationS: number): number {
  return Math.max(MIN_TREND_BIN_S, durationS / MAX_TREND_BINS);
}

/** Most beats one bulk action (relabel, delete) names: a 24 h Holter has about 100,000 beats; 2× margin. */
export const MAX_BULK_BEATS = 200_000;

/** Most templates one `templates:list` returns (a 24 h record has about 530). */
export const MAX_TEMPLATES_LISTED = 1000;

/** Most audit rows one `review:events` call with a `limit` returns (the screen shows the latest few hundred). */
export const MAX_AUDIT_EVENTS_LISTED = 10_000;

/** Most beats of a template one `templates:beats` page returns. */
export const MAX_TEMPLATE_BEATS_PAGE = 1000;

/** Longest strip a reviewer adds to the report, in s (the review screen pages up to 60 s; the report prints it in rows). */
export const MAX_REPORT_STRIP_S = 60;

/** Most strips a reviewer adds to one case's report (each is a row or more of a PDF page). */
export const MAX_REPORT_STRIPS = 40;

/** Largest signal (lead) index accepted: EDF files carry at most a few dozen signals; 255 is far beyond. */
export const MAX_SIGNAL_INDEX = 255;

/** Longest note on a report strip, in characters (after trimming). */
export const MAX_STRIP_NOTE_CHARS = 200;

/** Most epochs one `retrain:start` run trains (a 24 h case's 100,000 beats at 50 epochs is hours on wasm). */
export const MAX_FINE_TUNE_EPOCHS = 50;
/** Smallest batch of `retrain:start`, in examples (beats, or 30 s windows for the rhythm model). */
export const MIN_FINE_TUNE_BATCH = 8;
/** Largest batch of `retrain:start`, in examples (bounds one step's memory). */
export const MAX_FINE_TUNE_BATCH = 1024;
/** Smallest Adam learning rate of `retrain:start`. */
export const MIN_FINE_TUNE_LEARNING_RATE = 1e-6;
/** Largest Adam learning rate of `retrain:start`. */
export const MAX_FINE_TUNE_LEARNING_RATE = 1e-2;
/** Most replay beats per reviewed beat of `retrain:start` (bounds the replay sample's size). */
export const MAX_REPLAY_RATIO = 10;
/** Most model versions one `retrain:compare` scores (each costs an inference pass over every set). */
export const MAX_COMPARED_VERSIONS = 6;
/** Most reviewed cases one `retrain:compare` names. */
export const MAX_COMPARED_CASES = 500;
/** Largest share of the reviewed beats `retrain:start` holds out for validation. */
export const MAX_VALIDATION_FRACTION = 0.5;
/** Largest λ (attention regulariser weight) of a multi-label rhythm `retrain:start` (the eval chose 3; beyond 100 the regulariser swamps the label loss). */
export const MAX_ATTENTION_WEIGHT = 100;
