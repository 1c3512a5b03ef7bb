import type { ReviewAction } from '../../../shared/api';

/** The views of the record screen that a review action can change, each reloaded only when it did. */
export interface ActionReloads {
  /** overview (counts, minute trend, status, episode bands), strip and audit trail */
  record: boolean;
  /** the templates panel: beat labels or presence changed */
  templates: boolean;
  /** the episode list */
  episodes: boolean;
  /** the report's strips */
  reportStrips: boolean;
  /** the events list (runs, pauses, HR extremes from the beats; AF from the episodes) */
  events: boolean;
}

const NOTHING: ActionReloads = { record: false, templates: false, episodes: false, reportStrips: false, events: false };
const BEATS: ActionReloads = { ...NOTHING, record: true, templates: true, events: true };

/**
 * What to reload after an action of a kind (for an undo or redo: of the action it replayed), so that a template
 * relabel does not re-send the 24 h record's episode list and a report strip does not rebuild the events list.
 * @param kind - the action's kind, or null when nothing was done (an undo with nothing to undo): the status only
 * @returns the views to reload; the audit trail goes with `record`
 */
export function reloadsAfter(kind: ReviewAction['kind'] | null): ActionReloads {
  switch (kind) {
    case 'relabel':
    case 'insert-beat':
    case 'delete-beats':
      return BEATS;
    case 'artefact':
      // the artefact flag changes neither a beat's label nor its template, but the templates' artefact counts
      return BEATS;
    case 'episode-accept':
    case 'episode-label':
    case 'episode-delete':
    case 'episode-add':
      return { ...NOTHING, record: true, episodes: true, events: true };
    case 'strip-add':
    case 'strip-remove':
      return { ...NOTHING, record: true, reportStrips: true };
    case 'record-call':
    case 'status':
    case 'sign':
    case 'reopen':
      return { ...NOTHING, record: true };
    case 'undo':
    case 'redo':
    case null:
      return { ...NOTHING, record: true };
  }
}

/** Every view (a write that failed may have been refused for a state the screen does not show yet). */
export const RELOAD_ALL: ActionReloads = { record: true, templates: true, episodes: true, reportStrips: true, events: true };
