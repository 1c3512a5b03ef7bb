import type { AamiClass } from '../../../shared/labels';
import type { BeatTemplate, TemplateSet } from './template-set';

/** A template as `templates:list` orders it, with how many of its beats are marked artefact. */
export interface ListedTemplate {
  template: BeatTemplate;
  artefactCount: number;
  /** See {@link shapeIdOf}. */
  shapeId: number;
}

const shapeIds = new WeakMap<Float32Array, number>();
let nextShapeId = 0;

/**
 * An id of a template's beat grouping as this process holds it: a relabel keeps a template's superimposed-beat array
 * (and its members, so its waveforms), a move of beats or a rebuild makes new arrays, so equal ids of one template
 * mean equal waveforms. Ids are unique within the process (a counter over the arrays seen).
 * @returns a non-negative integer
 */
function shapeIdOf(template: BeatTemplate): number {
  const key = template.representativeWaveformsMv;
  let shapeId = shapeIds.get(key);
  if (shapeId === undefined) {
    shapeId = nextShapeId++;
    shapeIds.set(key, shapeId);
  }
  return shapeId;
}

/**
 * A record's templates in review order (the set's order: class, then size), those whose beats are all marked
 * artefact after the others (they are dealt with).
 * @param set - the record's templates
 * @param artefact - one flag per beat of the set (1 = marked artefact), indexed as the set's member beats
 * @param label - only this class's templates, or all when undefined
 * @returns the templates with their artefact counts and shape ids
 */
export function listedTemplates(set: TemplateSet, artefact: Uint8Array, label?: AamiClass): ListedTemplate[] {
  const counted = (label ? set.templates.filter((t) => t.label === label) : set.templates).map((template) => ({
    template,
    artefactCount: template.memberBeats.reduce((n, i) => n + (artefact[i] ?? 0), 0),
    shapeId: shapeIdOf(template),
  }));
  const dealtWith = (c: ListedTemplate): boolean => c.artefactCount >= c.template.count;
  return [...counted.filter((c) => !dealtWith(c)), ...counted.filter(dealtWith)];
}
