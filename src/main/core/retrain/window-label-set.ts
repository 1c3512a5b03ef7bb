import { aamiClassOfSymbol } from '../../../shared/labels';
import type { Annotation } from '../wfdb/annotations';

/**
 * The labels of the multi-label rhythm option, in output order. Several can hold in one 30 s window
 * (AF with V beats, RBBB with S beats); `Normal` holds when none of the others does.
 *
 * Paced rhythm (`/`, `f` beats) is left out: the inter-patient split (de Chazal et al. 2004,
 * doi:10.1109/TBME.2004.827359) excludes the four paced MIT-BIH records from DS1 and DS2, so the
 * label would have no example to learn from nor to be scored on.
 */
export const MULTI_LABELS = Object.freeze(['Normal', 'AF', 'PVC', 'PAC', 'LBBB', 'RBBB'] as const);

/** One label of {@link MULTI_LABELS}. */
export type MultiLabel = (typeof MULTI_LABELS)[number];

/**
 * The rules that turn a window's reference annotations into its label set, fixed before any result
 * was looked at. Counts are of beats whose annotation sample lies inside the window.
 */
export const WINDOW_LABEL_RULES = Object.freeze({
  /** rhythm aux strings whose spans count as AF (atrial fibrillation and flutter) */
  afAuxCodes: Object.freeze(['(AFIB', '(AFL']),
  /** AF when at least this share of the window's duration lies in an AF span */
  afMinShare: 0.5,
  /** PVC when the window holds at least this many AAMI V beats (V, E) */
  pvcMinBeats: 1,
  /** PAC when the window holds at least this many AAMI S beats (A, a, J, S; de Chazal mapping) */
  pacMinBeats: 1,
  /** LBBB (RBBB) when at least this share of the window's beats is `L` (`R`) */
  bundleBranchMinShare: 0.5,
});

/**
 * The primary label of a label set, for the single-label comparison: the first present label in
 * the order AF, LBBB, RBBB, PVC, PAC (rhythm before conduction before ectopy), else Normal.
 */
export const PRIMARY_LABEL_ORDER: readonly MultiLabel[] = Object.freeze(['AF', 'LBBB', 'RBBB', 'PVC', 'PAC', 'Normal']);

/**
 * The label set of one window from a record's reference annotations, by {@link WINDOW_LABEL_RULES}.
 * AF spans are read as `epicmp` reads rhythm changes: a `+` annotation with an aux string opens a
 * rhythm that lasts to the next one (or the record end).
 * @param annotations - the record's annotations in file order (readAnnotations)
 * @param startSample - first sample of the window, in the annotations' samples
 * @param endSample - one past its last sample (> startSample)
 * @param recordSamples - record length, in samples (the last rhythm ends there)
 * @returns one 0/1 per label of {@link MULTI_LABELS}; exactly Normal when no other label holds
 * @throws RangeError when the window is empty
 */
export function windowLabelSet(
  annotations: readonly Annotation[],
  startSample: number,
  endSample: number,
  recordSamples: number,
): Uint8Array {
  if (!(endSample > startSample)) throw new RangeError(`windowLabelSet: empty window [${startSample}, ${endSample})`);
  const rules = WINDOW_LABEL_RULES;
  const changes = annotations.filter((a) => a.symbol === '+' && a.aux !== null && a.aux.trim().startsWith('('));
  let afSamples = 0;
  changes.forEach((a, i) => {
    if (!rules.afAuxCodes.includes((a.aux as string).trim())) return;
    const end = changes[i + 1]?.sample ?? recordSamples;
    afSamples += Math.max(0, Math.min(end, endSample) - Math.max(a.sample, startSample));
  });
  let beats = 0;
  let v = 0;
  let s = 0;
  let left = 0;
  let right = 0;
  for (const a of annotations) {
    if (a.sample < startSample || a.sample >= endSample) continue;
    const aami = aamiClassOfSymbol(a.symbol);
    if (aami === null) continue;
    beats++;
    if (aami === 'V') v++;
    if (aami === 'S') s++;
    if (a.symbol === 'L') left++;
    if (a.symbol === 'R') right++;
  }
  const present: Record<Exclude<MultiLabel, 'Normal'>, boolean> = {
    AF: afSamples >= rules.afMinShare * (endSample - startSample),
    PVC: v >= rules.pvcMinBeats,
    PAC: s >= rules.pacMinBeats,
    LBBB: beats > 0 && left >= rules.bundleBranchMinShare * beats,
    RBBB: beats > 0 && right >= rules.bundleBranchMinShare * beats,
  };
  const normal = !Object.values(present).some(Boolean);
  return Uint8Array.from(MULTI_LABELS, (label) => (label === 'Normal' ? (normal ? 1 : 0) : present[label] ? 1 : 0));
}

/**
 * The primary label of a label set (see {@link PRIMARY_LABEL_ORDER}).
 * @param labelSet - one 0/1 per label of {@link MULTI_LABELS}
 * @returns its index into MULTI_LABELS
 */
export function primaryLabel(labelSet: ArrayLike<number>): number {
  for (const label of PRIMARY_LABEL_ORDER) {
    const k = MULTI_LABELS.indexOf(label);
    if (labelSet[k] === 1) return k;
  }
  return 0;
}
