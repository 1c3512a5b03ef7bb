import type { LabelDiff } from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { lowerBound } from '../analysis/lower-bound';
import { NotFoundError, type ReviewStore } from '../store/review-store';

/** Beats of two analyses closer than this are the same beat, in s (as when human labels are carried over). */
export const LABEL_DIFF_TOLERANCE_S = 0.15;

interface DiffBeat {
  sample: number;
  label: AamiClass;
  source: 'human' | 'model';
}

function beatsOf(store: ReviewStore, analysisId: number): DiffBeat[] {
  return store.db
    .prepare('SELECT sample, label, source FROM beats WHERE analysis_id = ? AND deleted = 0 ORDER BY sample')
    .all(analysisId) as DiffBeat[];
}

/** The beat of `beats` (ascending, `samples` their positions) nearest to `sample`, if within `tolerance` samples. */
function nearestWithin(beats: DiffBeat[], samples: Int32Array, sample: number, tolerance: number): DiffBeat | null {
  const i = lowerBound(samples, sample);
  const candidates = [beats[i - 1], beats[i]].filter((b): b is DiffBeat => b !== undefined && Math.abs(b.sample - sample) <= tolerance);
  candidates.sort((a, b) => Math.abs(a.sample - sample) - Math.abs(b.sample - sample));
  return candidates[0] ?? null;
}

/**
 * The label changes between a case's last two finished analyses (typically before and after
 * re-analysing with another beat model version): each beat of the newer analysis is matched to the
 * nearest beat of the older within {@link LABEL_DIFF_TOLERANCE_S}; the pairs whose labels differ are
 * counted per (old label, new label); and every human label of the older analysis is checked for at
 * its beat of the newer one.
 * @param store - the review database
 * @param recordId - the case
 * @returns the diff
 * @throws NotFoundError when the case does not exist or has fewer than two finished analyses
 */
export function labelDiff(store: ReviewStore, recordId: number): LabelDiff {
  const record = store.getRecord(recordId);
  const done = store.db
    .prepare(`SELECT id, models FROM analyses WHERE record_id = ? AND state = 'done' ORDER BY id DESC LIMIT 2`)
    .all(recordId) as { id: number; models: string }[];
  const [newer, older] = done;
  if (!newer || !older) throw new NotFoundError(`record "${record.name}" has fewer than two finished analyses to compare`);
  const before = beatsOf(store, older.id);
  const after = beatsOf(store, newer.id);
  const beforeSamples = Int32Array.from(before, (b) => b.sample);
  const afterSamples = Int32Array.from(after, (b) => b.sample);
  const tolerance = Math.round(LABEL_DIFF_TOLERANCE_S * record.fsHz);
  const changed = new Map<string, number>();
  let compared = 0;
  let changedBeats = 0;
  for (const beat of after) {
    const old = nearestWithin(before, beforeSamples, beat.sample, tolerance);
    if (!old) continue;
    compared++;
    if (old.label === beat.label) continue;
    changedBeats++;
    const key = `${old.label}${beat.label}`;
    changed.set(key, (changed.get(key) ?? 0) + 1);
  }
  const humans = before.filter((b) => b.source === 'human');
  const kept = humans.filter((h) => {
    const now = nearestWithin(after, afterSamples, h.sample, tolerance);
    return now?.source === 'human' && now.label === h.label;
  }).length;
  const modelOf = (json: string) => (JSON.parse(json) as LabelDiff['fromModel'][])[0] ?? null;
  return {
    recordId,
    fromAnalysisId: older.id,
    toAnalysisId: newer.id,
    fromModel: modelOf(older.models),
    toModel: modelOf(newer.models),
    comparedBeats: compared,
    changedBeats,
    changed: AAMI_CLASSES.flatMap((from) =>
      AAMI_CLASSES.flatMap((to) => {
        const beats = changed.get(`${from}${to}`) ?? 0;
        return beats > 0 ? [{ from, to, beats }] : [];
      }),
    ),
    humanLabels: { before: humans.length, kept },
  };
}
