import { describe, expect, it } from 'vitest';
import { JOB_STAGE_WEIGHTS, JobProgress } from '../../../../../src/main/core/analysis/job-progress';

describe('whole-job progress', () => {
  it('adds the finished stages to the current one, over the stages this job runs', () => {
    const progress = new JobProgress(['read', 'qrs', 'beats'], 0);
    const total = JOB_STAGE_WEIGHTS.read + JOB_STAGE_WEIGHTS.qrs + JOB_STAGE_WEIGHTS.beats;
    expect(progress.update('read', 1, 10).fraction).toBeCloseTo(JOB_STAGE_WEIGHTS.read / total, 12);
    const half = progress.update('beats', 0.5, 20).fraction;
    expect(half).toBeCloseTo((JOB_STAGE_WEIGHTS.read + JOB_STAGE_WEIGHTS.qrs + JOB_STAGE_WEIGHTS.beats / 2) / total, 12);
    expect(progress.update('beats', 1, 30).fraction).toBeCloseTo(1, 12);
  });

  it('never goes back, even when a stage restarts at 0 or reports NaN', () => {
    const progress = new JobProgress(['beats', 'rhythm'], 0);
    const a = progress.update('rhythm', 0.5, 1).fraction;
    expect(progress.update('beats', 0, 2).fraction).toBe(a);
    expect(progress.update('rhythm', Number.NaN, 3).fraction).toBe(a);
  });

  it('gives elapsed time and an ETA from the pace so far, none before 2 %', () => {
    const progress = new JobProgress(['beats'], 1000);
    expect(progress.update('beats', 0.01, 1100)).toMatchObject({ elapsedMs: 100, etaMs: null });
    expect(progress.update('beats', 0.25, 2000)).toMatchObject({ elapsedMs: 1000, etaMs: 3000 });
  });

  it('refuses a stage the job does not run', () => {
    expect(() => new JobProgress(['read'], 0).update('store', 1, 0)).toThrow(/store is not one of this job's stages/);
  });
});
