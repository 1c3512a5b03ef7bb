import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { WindowLayout } from './window-layout';

/**
 * One morphology template: a group of beats of one label, its mean waveform, a few of its beats to
 * superimpose, and running sums from which waveform and spread are recomputed exactly when beats
 * move in or out.
 */
export interface BeatTemplate {
  /** stable within a {@link TemplateSet}; new templates get {@link TemplateSet.nextTemplateId} */
  readonly id: number;
  /** AAMI class of every member beat (in class-agnostic clustering: the members' majority label) */
  readonly label: AamiClass;
  /** indices into the record's beat list, ascending (time order) */
  readonly memberBeats: Int32Array;
  readonly count: number;
  /** mean display window of the members, mV, leads × samplesPerLead (lead-major, {@link TemplateSet.layout}) */
  readonly waveformMv: Float32Array;
  /** within-template spread: root mean square over the window of the members' per-sample standard deviation, mV */
  readonly spreadMv: number;
  /** beats shown superimposed (at most {@link TemplateSet.maxRepresentatives}) */
  readonly representativeBeats: Int32Array;
  /** their display windows, mV, representatives × leads × samplesPerLead */
  readonly representativeWaveformsMv: Float32Array;
  /** per-sample sum of the members' display windows, mV */
  readonly sumMv: Float64Array;
  /** per-sample sum of their squares, mV² */
  readonly sumSquaresMv2: Float64Array;
}

/** The templates of one record: every beat belongs to exactly one template. */
export interface TemplateSet {
  readonly recordName: string;
  readonly fsHz: number;
  /** 0-based signal numbers the windows come from, and their header descriptions */
  readonly signals: readonly number[];
  readonly leadNames: readonly string[];
  /** display window placement and rate (the layout of every waveform) */
  readonly layout: WindowLayout;
  /** band-pass the windows were cut from, in Hz ([high-pass, low-pass]); beat windows read later must use it too */
  readonly bandHz: readonly [number, number];
  /** 'per-class': clustered within each AAMI class; 'class-agnostic': all beats together */
  readonly mode: 'per-class' | 'class-agnostic';
  readonly beatCount: number;
  /** template id of each beat */
  readonly templateOfBeat: Int32Array;
  /** ordered as the technician reviews them: by AAMI class (N, S, V, F, Q), then largest first, then id */
  readonly templates: readonly BeatTemplate[];
  readonly nextTemplateId: number;
  readonly maxRepresentatives: number;
}

/** What a template is made of; {@link makeTemplate} derives the rest. */
export interface TemplateParts {
  id: number;
  label: AamiClass;
  memberBeats: Int32Array;
  representativeBeats: Int32Array;
  representativeWaveformsMv: Float32Array;
  sumMv: Float64Array;
  sumSquaresMv2: Float64Array;
}

/**
 * Builds a template from its members and running sums: waveform = sum / count and spread = RMS over
 * samples of sqrt(max(0, sumSquares / count − mean²)) (0 for a single beat).
 *
 * @param parts - members (ascending), representatives, sums over the members' display windows
 * @returns the template
 */
export function makeTemplate(parts: TemplateParts): BeatTemplate {
  const count = parts.memberBeats.length;
  const waveformMv = new Float32Array(parts.sumMv.length);
  let variance = 0;
  for (let k = 0; k < waveformMv.length; k++) {
    const mean = count === 0 ? 0 : (parts.sumMv[k] as number) / count;
    waveformMv[k] = mean;
    if (count > 1) variance += Math.max(0, (parts.sumSquaresMv2[k] as number) / count - mean * mean);
  }
  const spreadMv = waveformMv.length === 0 ? 0 : Math.sqrt(variance / waveformMv.length);
  return { ...parts, count, waveformMv, spreadMv };
}

/**
 * Technician's review order: AAMI class order (N, S, V, F, Q), then count descending, then id.
 *
 * @param templates - templates in any order
 * @returns a new sorted array
 */
export function orderTemplates(templates: readonly BeatTemplate[]): BeatTemplate[] {
  const rank = (t: BeatTemplate): number => AAMI_CLASSES.indexOf(t.label);
  return [...templates].sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.id - b.id);
}

/**
 * Looks a template up by id.
 *
 * @param set - the template set
 * @param id - template id
 * @returns the template
 * @throws RangeError naming the record when the set has no such template
 */
export function templateById(set: TemplateSet, id: number): BeatTemplate {
  const template = set.templates.find((t) => t.id === id);
  if (template === undefined) throw new RangeError(`${set.recordName}: no template ${id}`);
  return template;
}

/**
 * Up to `max` beats evenly spaced over a template's members (time order), the beats shown superimposed.
 *
 * @param members - member beats, ascending
 * @param max - bound on the count (≥ 0)
 * @returns min(max, members.length) of the members, ascending
 */
export function evenlySpaced(members: Int32Array, max: number): Int32Array {
  const r = Math.min(max, members.length);
  return Int32Array.from({ length: r }, (_, j) => members[Math.floor(((j + 0.5) * members.length) / r)] as number);
}

/** Length of one display window (all leads) of a set. */
export function windowLength(set: TemplateSet): number {
  return set.signals.length * set.layout.samplesPerLead;
}

/**
 * A new set with some templates replaced: `removed` ids dropped, `added` templates put in (a template
 * whose id is in `removed` may come back changed; empty templates are dropped), the beat → template
 * map updated for the added templates' members, and the review order restored.
 *
 * @param set - the set before the edit
 * @param removed - ids of templates that are replaced or gone
 * @param added - the changed and new templates
 * @returns the edited set (the input is not modified)
 */
export function withTemplates(set: TemplateSet, removed: readonly number[], added: readonly BeatTemplate[]): TemplateSet {
  const gone = new Set(removed);
  const templateOfBeat = set.templateOfBeat.slice();
  const kept = added.filter((t) => t.count > 0);
  for (const t of kept) for (const b of t.memberBeats) templateOfBeat[b] = t.id;
  const nextTemplateId = Math.max(set.nextTemplateId, ...kept.map((t) => t.id + 1));
  return {
    ...set,
    templateOfBeat,
    templates: orderTemplates([...set.templates.filter((t) => !gone.has(t.id)), ...kept]),
    nextTemplateId,
  };
}
