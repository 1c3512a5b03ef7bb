import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { TemplateEdit } from './template-edit';
import { makeTemplate, templateById, withTemplates, type TemplateSet } from './template-set';

/**
 * Relabels a template, and so all of its beats (the technician's bulk relabel); the template moves to
 * its new class in the review order.
 *
 * @param set - the templates before the relabel
 * @param templateId - template to relabel
 * @param label - its new AAMI class
 * @returns the new set and the relabelled beats (all members, or none when the label is unchanged)
 * @throws RangeError naming the record when the template does not exist or the label is not an AAMI class
 */
export function relabelTemplate(set: TemplateSet, templateId: number, label: AamiClass): TemplateEdit {
  if (!AAMI_CLASSES.includes(label)) throw new RangeError(`${set.recordName}: '${label}' is not an AAMI class`);
  const template = templateById(set, templateId);
  if (template.label === label) return { set, relabelledBeats: new Int32Array(0) };
  return { set: withTemplates(set, [templateId], [makeTemplate({ ...template, label })]), relabelledBeats: template.memberBeats.slice() };
}
