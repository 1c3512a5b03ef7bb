import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { TemplateEdit } from './template-edit';
import { evenlySpaced, makeTemplate, templateById, windowLength, withTemplates, type BeatTemplate, type TemplateSet } from './template-set';

/** Where {@link moveBeats} puts beats: an existing template, or a new template of a class. */
export type MoveTarget = { templateId: number } | { newTemplateLabel: AamiClass };

function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number))) out[o++] = a[i++] as number;
    else out[o++] = b[j++] as number;
  }
  return out;
}

/** Adds (sign 1) or subtracts (sign −1) some beats' windows to a template's running sums, in new arrays. */
function adjustedSums(t: BeatTemplate, windows: Float32Array, rows: readonly number[], sign: 1 | -1): [Float64Array, Float64Array] {
  const sum = t.sumMv.slice();
  const squares = t.sumSquaresMv2.slice();
  const n = sum.length;
  for (const row of rows) {
    for (let k = 0; k < n; k++) {
      const v = windows[row * n + k] as number;
      sum[k] = (sum[k] as number) + sign * v;
      squares[k] = (squares[k] as number) + sign * v * v;
    }
  }
  return [sum, squares];
}

/**
 * Moves beats into another template, or into a new template of a class (the technician's "move to
 * template" and "move to class"). Waveform and spread of every template involved are recomputed
 * incrementally from its running sums (O(moved beats × window), not O(members)); templates left
 * empty disappear; the moved beats take the target's label. Beats already in the target stay.
 *
 * @param set - the templates before the move
 * @param beats - beat indices to move (distinct, within the set's beats)
 * @param target - `{ templateId }` of an existing template, or `{ newTemplateLabel }` for a new one
 * @param beatWindowsMv - the moved beats' display windows (from readBeatWindows), beats.length ×
 *   leads × samplesPerLead, in the order of `beats`
 * @returns the new set and the beats whose label changed
 * @throws RangeError naming the record when a beat index is out of range or repeated, the target
 *   template does not exist, the new label is not an AAMI class, or the windows do not have the expected length
 */
export function moveBeats(set: TemplateSet, beats: Int32Array, target: MoveTarget, beatWindowsMv: Float32Array): TemplateEdit {
  const perWindow = windowLength(set);
  if (beatWindowsMv.length !== beats.length * perWindow) {
    throw new RangeError(`${set.recordName}: ${beatWindowsMv.length} window samples for ${beats.length} beats of ${perWindow}`);
  }
  const seen = new Set<number>();
  for (const b of beats) {
    if (!(b >= 0 && b < set.beatCount)) throw new RangeError(`${set.recordName}: no beat ${b} (the set has ${set.beatCount})`);
    if (seen.has(b)) throw new RangeError(`${set.recordName}: beat ${b} is listed twice`);
    seen.add(b);
  }
  if ('newTemplateLabel' in target && !AAMI_CLASSES.includes(target.newTemplateLabel)) {
    throw new RangeError(`${set.recordName}: '${target.newTemplateLabel}' is not an AAMI class`);
  }
  const existing = 'templateId' in target ? templateById(set, target.templateId) : undefined;
  const targetId = existing?.id ?? set.nextTemplateId;
  const label = existing?.label ?? ('newTemplateLabel' in target ? target.newTemplateLabel : 'N');

  const rowsBySource = new Map<number, number[]>();
  beats.forEach((b, row) => {
    const source = set.templateOfBeat[b] as number;
    if (source === targetId) return;
    rowsBySource.set(source, [...(rowsBySource.get(source) ?? []), row]);
  });
  const movedRows = [...rowsBySource.values()].flat().sort((a, b) => (beats[a] as number) - (beats[b] as number));
  if (movedRows.length === 0) return { set, relabelledBeats: new Int32Array(0) };
  const moved = Int32Array.from(movedRows, (row) => beats[row] as number);
  const movedSet = new Set(moved);
  const relabelled = moved.filter((b) => templateById(set, set.templateOfBeat[b] as number).label !== label);

  const sources = [...rowsBySource].map(([id, rows]) => {
    const t = templateById(set, id);
    const [sumMv, sumSquaresMv2] = adjustedSums(t, beatWindowsMv, rows, -1);
    const keep = Array.from(t.representativeBeats, (b, slot) => [b, slot] as const).filter(([b]) => !movedSet.has(b));
    return makeTemplate({
      id,
      label: t.label,
      memberBeats: t.memberBeats.filter((b) => !movedSet.has(b)),
      representativeBeats: Int32Array.from(keep, ([b]) => b),
      representativeWaveformsMv: concatWindows(
        keep.map(([, slot]) => t.representativeWaveformsMv.subarray(slot * perWindow, (slot + 1) * perWindow)),
      ),
      sumMv,
      sumSquaresMv2,
    });
  });

  const base: BeatTemplate =
    existing ??
    makeTemplate({
      id: targetId,
      label,
      memberBeats: new Int32Array(0),
      representativeBeats: new Int32Array(0),
      representativeWaveformsMv: new Float32Array(0),
      sumMv: new Float64Array(perWindow),
      sumSquaresMv2: new Float64Array(perWindow),
    });
  const [sumMv, sumSquaresMv2] = adjustedSums(base, beatWindowsMv, movedRows, 1);
  const newReps = evenlySpaced(moved, set.maxRepresentatives - base.representativeBeats.length);
  const rowOf = new Map(movedRows.map((row) => [beats[row] as number, row]));
  const targetTemplate = makeTemplate({
    id: targetId,
    label,
    memberBeats: mergeSorted(base.memberBeats, moved),
    representativeBeats: Int32Array.from([...base.representativeBeats, ...newReps]),
    representativeWaveformsMv: concatWindows([
      base.representativeWaveformsMv,
      ...Array.from(newReps, (b) =>
        beatWindowsMv.subarray((rowOf.get(b) as number) * perWindow, ((rowOf.get(b) as number) + 1) * perWindow),
      ),
    ]),
    sumMv,
    sumSquaresMv2,
  });
  const next = withTemplates(set, [...rowsBySource.keys(), targetId], [...sources, targetTemplate]);
  return { set: next, relabelledBeats: relabelled };
}

function concatWindows(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
