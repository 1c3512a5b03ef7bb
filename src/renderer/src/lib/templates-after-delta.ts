import type { Results, ReviewViewDelta, TemplateView } from '../../../shared/api';
import type { AamiClass } from '../../../shared/labels';

/** The templates reply as the panel draws it. */
type TemplateList = Results['templates:list'];

/**
 * The templates panel's list of a class after a review edit, from the edit's {@link ReviewViewDelta} (every
 * template's label, counts and shape id in list order) and the templates drawn before, instead of a `templates:list`
 * reload: what `templates:list` with that class and limit would give, when every template listed is known with the
 * same shape id (the same waveforms).
 * @param current - the list shown (leads, rate and window are kept)
 * @param known - templates seen in earlier lists, by template id
 * @param delta - the edit's templates, in list order
 * @param label - the class listed
 * @param limit - how many the list shows at most
 * @returns the new list, or null when a template to list is not known with its shape (list them again)
 */
export function templatesAfterDelta(
  current: TemplateList,
  known: ReadonlyMap<number, TemplateView>,
  delta: NonNullable<ReviewViewDelta['templates']>,
  label: AamiClass,
  limit: number,
): TemplateList | null {
  const ofClass = delta.filter((t) => t.label === label);
  const templates: TemplateView[] = [];
  for (const t of ofClass.slice(0, limit)) {
    const drawn = known.get(t.templateId);
    if (!drawn || drawn.shapeId !== t.shapeId) return null;
    templates.push({ ...drawn, label: t.label, count: t.count, artefactCount: t.artefactCount });
  }
  return { ...current, totalTemplates: ofClass.length, templates };
}
