import type { EctopicClass, EctopicRun } from './ectopic-runs';
import type { EctopicPatternKind } from './ectopic-patterns';
import type { HolterReport } from './holter-report';

/** Fields every event has: a half-open sample span of the record. */
interface EventSpan {
  /** First sample: the first beat of a beat finding, the onset of an episode. */
  readonly onsetSample: number;
  /** Sample after the event (exclusive): last beat + 1 for a beat finding, the episode end for an episode. */
  readonly endSample: number;
}

/** A run of ≥ `minRunBeats` ectopic beats; `tachycardia` says whether it is VT/SVT by the thresholds. */
export interface RunEvent extends EventSpan {
  readonly kind: 'run';
  readonly beatClass: EctopicClass;
  readonly beats: number;
  readonly rateBpm: number;
  readonly tachycardia: 'VT' | 'SVT' | null;
  readonly sustained: boolean;
}

/** Two consecutive ectopic beats of one class. */
export interface CoupletEvent extends EventSpan {
  readonly kind: 'couplet';
  readonly beatClass: EctopicClass;
  readonly rateBpm: number;
}

/** The longest or the fastest run of a class (the same span as one `run` event). */
export interface RunHighlightEvent extends EventSpan {
  readonly kind: 'longest-run' | 'fastest-run';
  readonly beatClass: EctopicClass;
  readonly beats: number;
  readonly rateBpm: number;
}

/** A bigeminy or trigeminy episode. */
export interface PatternEvent extends EventSpan {
  readonly kind: EctopicPatternKind;
  readonly beatClass: EctopicClass;
  readonly cycles: number;
}

/** An RR interval over the pause threshold, from the beat before to the beat after. */
export interface PauseEvent extends EventSpan {
  readonly kind: 'pause';
  readonly rrMs: number;
}

/** The slowest or fastest heart-rate window. */
export interface HeartRateEvent extends EventSpan {
  readonly kind: 'min-hr' | 'max-hr';
  readonly bpm: number;
}

/** An atrial fibrillation episode of the rhythm stage. */
export interface AfEpisodeEvent extends EventSpan {
  readonly kind: 'af-episode';
  readonly durationS: number;
}

/** One finding the review screen lists and the report illustrates with a strip. */
export type ReportEvent = RunEvent | CoupletEvent | RunHighlightEvent | PatternEvent | PauseEvent | HeartRateEvent | AfEpisodeEvent;

const CLASSES: readonly EctopicClass[] = ['S', 'V'];

/**
 * Lists a report's findings as typed events for the review screen and the report's strips: ectopic runs (with their
 * VT/SVT verdict), couplets, the longest and fastest run per class, bigeminy/trigeminy, pauses, the minimum and
 * maximum heart-rate windows, and AF episodes.
 *
 * @param report - computed report figures (`holterReport`).
 * @returns events ordered by onset sample, then end sample, then kind.
 */
export function reportEvents(report: HolterReport): ReportEvent[] {
  const { sustainedMinS } = report.config.thresholds;
  const tachycardias = new Map<EctopicRun, 'VT' | 'SVT'>([
    ...report.episodes.vt.runs.map((r) => [r, 'VT'] as const),
    ...report.episodes.svt.runs.map((r) => [r, 'SVT'] as const),
  ]);
  const span = (r: { onsetSample: number; lastSample: number }): EventSpan => ({ onsetSample: r.onsetSample, endSample: r.lastSample + 1 });
  const events: ReportEvent[] = [];
  for (const beatClass of CLASSES) {
    const summary = report.ectopy[beatClass];
    const rate = (r: EctopicRun): number => r.rateBpm as number;
    for (const r of summary.runs) {
      const tachycardia = tachycardias.get(r) ?? null;
      const sustained = tachycardia !== null && r.durationS >= sustainedMinS;
      events.push({ kind: 'run', ...span(r), beatClass, beats: r.beats, rateBpm: rate(r), tachycardia, sustained });
    }
    for (const r of summary.coupletList) events.push({ kind: 'couplet', ...span(r), beatClass, rateBpm: rate(r) });
    for (const [kind, r] of [
      ['longest-run', summary.longestRun],
      ['fastest-run', summary.fastestRun],
    ] as const) {
      if (r !== null) events.push({ kind, ...span(r), beatClass, beats: r.beats, rateBpm: rate(r) });
    }
    for (const p of [...summary.bigeminy, ...summary.trigeminy]) events.push({ kind: p.kind, ...span(p), beatClass, cycles: p.cycles });
  }
  for (const p of report.pauses.pauses)
    events.push({ kind: 'pause', onsetSample: p.onsetSample, endSample: p.endBeatSample + 1, rrMs: p.rrMs });
  for (const [kind, e] of [
    ['min-hr', report.heartRate.min],
    ['max-hr', report.heartRate.max],
  ] as const) {
    if (e !== null) events.push({ kind, onsetSample: e.onset.sample, endSample: e.end.sample + 1, bpm: e.bpm });
  }
  for (const e of report.episodes.rhythm.AFIB.list)
    events.push({
      kind: 'af-episode',
      onsetSample: e.onsetSample,
      endSample: e.endSample,
      durationS: (e.endSample - e.onsetSample) / report.fsHz,
    });
  return events.sort((a, b) => a.onsetSample - b.onsetSample || a.endSample - b.endSample || a.kind.localeCompare(b.kind));
}
