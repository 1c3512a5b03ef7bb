import type { TemplateEdit } from './template-edit';
import { makeTemplate, templateById, windowLength, withTemplates, type TemplateSet } from './template-set';

/**
 * Merges templates into the first one (its id and label), exactly: members are united and the running
 * sums added, so waveform and spread are those of all the beats together; representatives are the
 * first template's, topped up from the others up to the set's bound. No signal is read.
 *
 * @param set - the templates before the merge
 * @param templateIds - the target first, then the templates merged into it (distinct, ≥ 2)
 * @returns the new set and the beats whose label changed (members of merged templates of another label)
 * @throws RangeError naming the record when fewer than two distinct templates are given or one does not exist
 */
export function mergeTemplates(set: TemplateSet, templateIds: readonly number[]): TemplateEdit {
  if (templateIds.length < 2 || new Set(templateIds).size !== templateIds.length) {
    throw new RangeError(`${set.recordName}: a merge needs at least two distinct templates, got [${templateIds.join(', ')}]`);
  }
  const [target, ...others] = templateIds.map((id) => templateById(set, id));
  if (target === undefined) throw new RangeError(`${set.recordName}: no merge target`);
  const perWindow = windowLength(set);
  const sumMv = target.sumMv.slice();
  const sumSquaresMv2 = target.sumSquaresMv2.slice();
  const reps = [...target.representativeBeats];
  const repWindows = [target.representativeWaveformsMv];
  const relabelled: number[] = [];
  for (const t of others) {
    for (let k = 0; k < perWindow; k++) {
      sumMv[k] = (sumMv[k] as number) + (t.sumMv[k] as number);
      sumSquaresMv2[k] = (sumSquaresMv2[k] as number) + (t.sumSquaresMv2[k] as number);
    }
    const room = Math.max(0, set.maxRepresentatives - reps.length);
    reps.push(...t.representativeBeats.subarray(0, room));
    repWindows.push(t.representativeWaveformsMv.subarray(0, Math.min(room, t.representativeBeats.length) * perWindow));
    if (t.label !== target.label) relabelled.push(...t.memberBeats);
  }
  const memberBeats = Int32Array.from([target, ...others].flatMap((t) => [...t.memberBeats])).sort();
  const representativeWaveformsMv = new Float32Array(reps.length * perWindow);
  repWindows.reduce((at, w) => (representativeWaveformsMv.set(w, at), at + w.length), 0);
  const merged = makeTemplate({
    id: target.id,
    label: target.label,
    memberBeats,
    representativeBeats: Int32Array.from(reps),
    representativeWaveformsMv,
    sumMv,
    sumSquaresMv2,
  });
  return { set: withTemplates(set, templateIds, [merged]), relabelledBeats: Int32Array.from(relabelled).sort() };
}
