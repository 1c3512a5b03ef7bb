import type { JobStage } from '../../../shared/api';

/**
 * Share of a job's time each stage takes, measured on the 24 h concatenation
 * (native: hash 0.3 s, read 1.5 s, QRS 1.3 s, beats 11.8 s, rhythm 17.2 s,
 * store ~1 s; wasm spends the same shares within a few percent), so the
 * whole-job fraction moves at a roughly even pace. Weights of the stages a
 * job skips are left out and the rest rescaled.
 */
export const JOB_STAGE_WEIGHTS: Readonly<Record<JobStage, number>> = Object.freeze({
  hash: 0.01,
  read: 0.05,
  qrs: 0.04,
  beats: 0.36,
  rhythm: 0.51,
  store: 0.03,
});

/** Smallest whole-job fraction from which an ETA is given (earlier ones are guesses). */
const MIN_FRACTION_FOR_ETA = 0.02;

/** One progress reading of a whole job. */
export interface JobProgressReading {
  stage: JobStage;
  /** Fraction of the whole job done, 0..1, never decreasing. */
  fraction: number;
  /** Time since the job started, in ms. */
  elapsedMs: number;
  /** Estimated time left, in ms, from the pace so far; null until enough is done. */
  etaMs: number | null;
}

/**
 * Turns per-stage progress into whole-job progress: the finished stages'
 * weights plus the current stage's weight × its fraction, never decreasing;
 * the ETA is elapsed × (1 − f) / f.
 */
export class JobProgress {
  private readonly offsets = new Map<JobStage, { start: number; weight: number }>();
  private fraction = 0;

  /**
   * @param stages - the stages this job runs, in order
   * @param startedMs - when the job started (`performance.now()` clock)
   */
  constructor(
    stages: readonly JobStage[],
    private readonly startedMs: number = performance.now(),
  ) {
    const total = stages.reduce((sum, s) => sum + JOB_STAGE_WEIGHTS[s], 0);
    let start = 0;
    for (const stage of stages) {
      const weight = JOB_STAGE_WEIGHTS[stage] / total;
      this.offsets.set(stage, { start, weight });
      start += weight;
    }
  }

  /**
   * @param stage - the stage reporting (must be one of the job's stages)
   * @param stageFraction - progress within it, 0..1 (clamped)
   * @param nowMs - current time (`performance.now()` clock)
   * @returns the whole-job reading
   * @throws Error when the stage is not one of the job's
   */
  update(stage: JobStage, stageFraction: number, nowMs: number = performance.now()): JobProgressReading {
    const offset = this.offsets.get(stage);
    if (!offset) throw new Error(`job progress: stage ${stage} is not one of this job's stages`);
    const clamped = Math.min(1, Math.max(0, Number.isFinite(stageFraction) ? stageFraction : 0));
    this.fraction = Math.min(1, Math.max(this.fraction, offset.start + offset.weight * clamped));
    const elapsedMs = Math.max(0, nowMs - this.startedMs);
    const etaMs = this.fraction >= MIN_FRACTION_FOR_ETA ? (elapsedMs * (1 - this.fraction)) / this.fraction : null;
    return { stage, fraction: this.fraction, elapsedMs, etaMs };
  }
}
