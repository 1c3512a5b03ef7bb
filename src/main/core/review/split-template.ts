import { moveBeats } from './move-beats';
import type { TemplateEdit } from './template-edit';
import { templateById, type TemplateSet } from './template-set';

/**
 * Splits some beats off a template into a new template of the same label (the technician selects
 * the beats that look different). Waveforms are updated incrementally as in {@link moveBeats}.
 *
 * @param set - the templates before the split
 * @param templateId - template to split
 * @param beats - some, not all, of its member beats (distinct)
 * @param beatWindowsMv - those beats' display windows, beats.length × leads × samplesPerLead
 * @returns the new set (no label changes)
 * @throws RangeError naming the record when the template does not exist, a beat is not one of its
 *   members, or the beats are none or all of them
 */
export function splitTemplate(set: TemplateSet, templateId: number, beats: Int32Array, beatWindowsMv: Float32Array): TemplateEdit {
  const template = templateById(set, templateId);
  if (beats.length === 0 || beats.length >= template.count) {
    throw new RangeError(
      `${set.recordName}: a split of template ${templateId} needs some but not all of its ${template.count} beats, got ${beats.length}`,
    );
  }
  for (const b of beats) {
    if (set.templateOfBeat[b] !== templateId) throw new RangeError(`${set.recordName}: beat ${b} is not in template ${templateId}`);
  }
  return moveBeats(set, beats, { newTemplateLabel: template.label }, beatWindowsMv);
}
