import type { ReportEventView, RhythmEpisode } from '../../../shared/api';
import { holterReport } from '../report/holter-report';
import { reportEvents } from '../report/report-events';
import type { BeatList } from '../store/review-store';

/** What the events list is computed from: the record facts and its reviewed beats and episodes. */
export interface ReviewEventsInput {
  recordName: string;
  fsHz: number;
  nSamples: number;
  /** The analysis's beats after the review's edits (deleted beats left out). */
  beats: BeatList;
  /** Shown rhythm episodes, by onset, not overlapping. */
  episodes: readonly RhythmEpisode[];
}

/**
 * The events list of the review screen (runs, couplets, longest/fastest run,
 * bigeminy/trigeminy, pauses, min/max HR, AF episodes), from the report core
 * (`holterReport` + `reportEvents`) over the reviewed beats: artefact beats
 * are excluded (they break runs and drop their RR intervals), deleted beats
 * are gone, inserted ones are in, so every edit shows in the next list.
 * @returns events by onset sample; each span [onsetSample, endSample) opens its strip
 * @throws RangeError naming the record for input the report refuses
 */
export function reviewEvents(input: ReviewEventsInput): ReportEventView[] {
  const { beats } = input;
  const report = holterReport({
    recordName: input.recordName,
    fsHz: input.fsHz,
    nSamples: input.nSamples,
    baseTime: null,
    baseDate: null,
    beats: Array.from(beats.samples, (sample, i) => ({
      sample,
      label: beats.labels[i] ?? 'Q',
      excluded: beats.artefact[i] === 1,
    })),
    excludedSpans: [],
    rhythmEpisodes: input.episodes,
  });
  return reportEvents(report).map((e) => {
    const view: ReportEventView = {
      kind: e.kind,
      onsetSample: e.onsetSample,
      endSample: e.endSample,
      beatClass: null,
      beats: null,
      rateBpm: null,
      rrMs: null,
      bpm: null,
      durationS: (e.endSample - e.onsetSample) / input.fsHz,
      tachycardia: null,
    };
    switch (e.kind) {
      case 'run':
        return { ...view, beatClass: e.beatClass, beats: e.beats, rateBpm: e.rateBpm, tachycardia: e.tachycardia };
      case 'couplet':
        return { ...view, beatClass: e.beatClass, beats: 2, rateBpm: e.rateBpm };
      case 'longest-run':
      case 'fastest-run':
        return { ...view, beatClass: e.beatClass, beats: e.beats, rateBpm: e.rateBpm };
      case 'bigeminy':
      case 'trigeminy':
        return { ...view, beatClass: e.beatClass, beats: e.cycles };
      case 'pause':
        return { ...view, rrMs: e.rrMs };
      case 'min-hr':
      case 'max-hr':
        return { ...view, bpm: e.bpm };
      case 'af-episode':
        return view;
    }
  });
}
