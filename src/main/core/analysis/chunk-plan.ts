import { resampleCycle } from '../dsp/resample-cycle';
import { RECORD_CALL_CONFIG } from '../rhythm/record-call';
import type { AnalysisModels } from './analyze-record';

/**
 * How a record is cut into chunks for analysis. Each chunk owns the samples [startSample,
 * endSample) — its beats are the QRS marks there, its rhythm windows those starting there — and
 * reads a wider stretch [readStartSample, readEndSample) that holds the context its algorithms need:
 * - before the chunk, `qrsWarmupS` of signal: the QRS detector (Hamilton 2002) starts afresh at
 *   readStartSample, learns its levels over the first 8 s and needs its running medians of the last
 *   8 QRS peaks, 8 noise peaks and 8 RR intervals to have forgotten that start by startSample, so that
 *   it takes from there the decisions the whole-record run takes;
 * - after the chunk, `lookaheadS`: a QRS mark near the chunk's end can be decided seconds later (pre-
 *   blanking 250 ms, search back after 1.5 median RR intervals, re-learning after 5 s without a QRS
 *   with re-examination of the held peaks), and the rhythm model's last owned window (30 s) reaches
 *   past the chunk's end;
 * - both ends cover the beat model's window around each R peak (±0.5 s at 128 Hz) and the reach of
 *   the resampling kernel to the models' rates (under 0.1 s): `marginS` before, `lookaheadS` after.
 * Both read starts are multiples of the models' resampling cycle (see resampleCycle), so a chunk's
 * model-rate samples are bit for bit those of the whole record; the beats' running QRS amplitudes and
 * RR features come from the first pass (beat-context.ts), and the second pass widens its read to the
 * halfBeats context beats on each side that the running median beat needs (chunkBeatInputs).
 */
export const CHUNK_CONFIG = Object.freeze({
  /**
   * chunk length, in s (1 h: a mitdb record is one chunk, the 24 h concatenation 25, 7 days 169; a
   * chunk's 120 rhythm windows are one model batch, and the QRS warm-up re-read is 5 % of the
   * signal instead of 10 % at 30 min; the analysis' memory does not depend on it: the models run at
   * a bounded set of batch shapes whatever the chunks' beat counts, see padBatch; at 1800 s the 7-day
   * record's native engine peak was 1.08 GB and its wall time 103 s, against 1.06–1.09 GB and 93–114 s
   * at 3600 s, `scripts/measure-engine.ts`, 2026-12-03)
   */
  chunkS: 3600,
  /** shortest chunk a caller may ask for, in s (tests use a few minutes to create many boundaries) */
  minChunkS: 10,
  /** signal read before each chunk for the QRS detector to converge, in s (60 s was too short once on mitdb 207, in ventricular flutter; 120 s matched the whole-record marks at every 2-min boundary of all 48 mitdb records) */
  qrsWarmupS: 180,
  /** signal the second pass reads before each chunk: the beat window (0.5 s before R) and the resampling reach, in s */
  marginS: 2,
  /** signal read after each chunk (QRS decision delay, rhythm window, the VF detector's last block with its context: vfBlockReach, resampling reach), in s */
  lookaheadS: 40,
});

/** One chunk of a record: the samples it owns and the stretch it reads, all in record samples (0-based). */
export interface AnalysisChunk {
  /** position of the chunk in the record, 0-based */
  index: number;
  /** number of chunks of the record */
  count: number;
  /** the record's length, in samples */
  recordSamples: number;
  /** first owned sample */
  startSample: number;
  /** sample after the last owned one (exclusive) */
  endSample: number;
  /** first sample the first pass (QRS detection) reads: qrsWarmupS before startSample, a multiple of the resampling cycle */
  readStartSample: number;
  /** first sample the second pass (beat and rhythm models) reads: marginS before startSample, a multiple of the resampling cycle */
  classifyStartSample: number;
  /** sample after the last one read (≥ endSample, ≤ the record's length) */
  readEndSample: number;
}

/** Options of {@link planChunks}. */
export interface ChunkPlanOptions {
  /** chunk length, in s (default {@link CHUNK_CONFIG}.chunkS; at least minChunkS) */
  chunkS?: number;
}

/**
 * The alignment a chunk's read start needs so that resampling the stretch gives the whole record's
 * model-rate samples: the least common multiple of the resampling cycles to each model rate.
 * @param fsHz - the record's rate, in Hz
 * @param modelRatesHz - the models' input rates, in Hz
 * @returns the alignment, in record samples (1 when a ratio is not a short rational one: the
 *   chunked result may then differ from the whole-record one by float rounding near chunk ends)
 */
export function chunkAlignment(fsHz: number, modelRatesHz: readonly number[]): number {
  let align = 1;
  for (const rate of modelRatesHz) {
    const cycle = resampleCycle(fsHz, rate);
    if (!cycle) return 1;
    let a = align;
    let b = cycle.inputs;
    while (b !== 0) [a, b] = [b, a % b];
    align = (align / a) * cycle.inputs;
  }
  return align;
}

/**
 * {@link chunkAlignment} for the loaded models' rates (beat and rhythm model).
 * @param fsHz - the record's rate, in Hz
 * @param models - the loaded models
 * @returns the alignment, in record samples
 */
export function modelAlignment(fsHz: number, models: AnalysisModels): number {
  return chunkAlignment(fsHz, [models.beats.meta.fsHz, models.rhythm.meta.fsHz]);
}

/**
 * Cuts a record into consecutive chunks of `chunkS` (rounded down to a multiple of `alignSamples`;
 * the last chunk takes the rest), each with its read stretch (see {@link CHUNK_CONFIG}). A record of
 * at most RECORD_CALL_CONFIG.maxDurationS (61 s) is one chunk: its CinC 2017 record call needs it whole.
 * @param nSamples - record length, in samples (≥ 0)
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param alignSamples - alignment of read starts and chunk lengths, from {@link chunkAlignment}
 * @param options - chunk length
 * @returns the chunks in record order ([] for an empty record)
 * @throws RangeError when fsHz is not positive or chunkS is below CHUNK_CONFIG.minChunkS
 */
export function planChunks(nSamples: number, fsHz: number, alignSamples: number, options: ChunkPlanOptions = {}): AnalysisChunk[] {
  const chunkS = options.chunkS ?? CHUNK_CONFIG.chunkS;
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new RangeError(`planChunks: fsHz must be positive, got ${fsHz}`);
  if (!(chunkS >= CHUNK_CONFIG.minChunkS))
    throw new RangeError(`planChunks: chunkS must be at least ${CHUNK_CONFIG.minChunkS} s, got ${chunkS}`);
  const length = Math.max(alignSamples, Math.floor((chunkS * fsHz) / alignSamples) * alignSamples);
  const warmup = Math.ceil(CHUNK_CONFIG.qrsWarmupS * fsHz);
  const lookahead = Math.ceil(CHUNK_CONFIG.lookaheadS * fsHz);
  const margin = Math.ceil(CHUNK_CONFIG.marginS * fsHz);
  const alignDown = (sample: number): number => Math.max(0, Math.floor(sample / alignSamples) * alignSamples);
  const count = nSamples / fsHz <= RECORD_CALL_CONFIG.maxDurationS ? Math.min(1, nSamples) : Math.ceil(nSamples / length);
  return Array.from({ length: count }, (_, index) => {
    const startSample = index * length;
    const endSample = count === 1 ? nSamples : Math.min(nSamples, startSample + length);
    return {
      index,
      count,
      recordSamples: nSamples,
      startSample,
      endSample,
      readStartSample: alignDown(startSample - warmup),
      classifyStartSample: alignDown(startSample - margin),
      readEndSample: Math.min(nSamples, endSample + lookahead),
    };
  });
}
