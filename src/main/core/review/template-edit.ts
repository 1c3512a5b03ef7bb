import type { TemplateSet } from './template-set';

/** Result of an edit of a template set: the new set and the beats whose label the edit changed (to persist). */
export interface TemplateEdit {
  set: TemplateSet;
  /** beat indices, ascending, whose template label differs from before */
  relabelledBeats: Int32Array;
}
