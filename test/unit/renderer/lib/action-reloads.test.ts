import { describe, expect, it } from 'vitest';
import { RELOAD_ALL, reloadsAfter } from '../../../../src/renderer/src/lib/action-reloads';
import { ACTION_KINDS } from '../../../../src/shared/api';

describe('reloadsAfter', () => {
  it('reloads the templates after beat label, presence or artefact changes only, and the episode list after episode edits only', () => {
    // the templates list counts each template's artefact beats
    for (const kind of ['relabel', 'insert-beat', 'delete-beats', 'artefact'] as const) {
      expect(reloadsAfter(kind)).toEqual({ record: true, templates: true, episodes: false, reportStrips: false, events: true });
    }
    for (const kind of ['episode-accept', 'episode-label', 'episode-delete', 'episode-add'] as const) {
      expect(reloadsAfter(kind)).toEqual({ record: true, templates: false, episodes: true, reportStrips: false, events: true });
    }
    expect(reloadsAfter('strip-add').reportStrips).toBe(true);
    expect(reloadsAfter('strip-add').events).toBe(false);
  });

  it('reloads the overview, strip and audit trail after every kind, and only those after status changes or nothing done', () => {
    for (const kind of [...ACTION_KINDS, null]) expect(reloadsAfter(kind).record).toBe(true);
    for (const kind of ['record-call', 'status', 'sign', 'reopen', null] as const) {
      expect(reloadsAfter(kind)).toEqual({ record: true, templates: false, episodes: false, reportStrips: false, events: false });
    }
    expect(Object.values(RELOAD_ALL).every(Boolean)).toBe(true);
  });
});
