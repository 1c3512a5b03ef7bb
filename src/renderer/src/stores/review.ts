import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  BeatView,
  EpisodeView,
  HolterRhythm,
  Params,
  ReportEventView,
  ReportStripView,
  Results,
  ReviewerProfile,
  ReviewAction,
  ReviewViewDelta,
  RhythmLabel,
  TemplateView,
} from '../../../shared/api';
import type { AamiClass } from '../../../shared/labels';
import { api } from '../api';
import { RELOAD_ALL, reloadsAfter, type ActionReloads } from '../lib/action-reloads';
import { REVIEW_CONFIG } from '../lib/review-config';
import { templatesAfterDelta } from '../lib/templates-after-delta';
import { applyListDelta } from '../../../shared/list-delta';
import { useErrorsStore } from './errors';
import { useRecordStore } from './record';
import { useSessionStore } from './session';

/** What the templates panel lists of a class. */
const TEMPLATE_PAGE = { limit: REVIEW_CONFIG.templatesListed, representatives: REVIEW_CONFIG.templateThumbnailBeats };

/** The templates reply as the panel draws it. */
export type TemplateList = Results['templates:list'];

/** The {@link ReviewViewDelta} of a write's reply, when it carries one. */
function viewsOf(reply: unknown): ReviewViewDelta | undefined {
  return typeof reply === 'object' && reply !== null && 'views' in reply ? (reply.views as ReviewViewDelta | undefined) : undefined;
}

/**
 * The review loop of the open record on top of the record store: undo/redo, beat edits (artefact, insert,
 * delete), templates, events, episodes, the record call, reviewer profiles and sign-off. Every action waits for
 * the server's committed reply, then reloads only what it changed (overview, strip, audit trail, the lists it touched).
 */
export const useReviewStore = defineStore('review', () => {
  const errors = useErrorsStore();
  const session = useSessionStore();
  const record = useRecordStore();
  const reviewers = ref<ReviewerProfile[]>([]);
  const templates = shallowRef<TemplateList | null>(null);
  // replaced whole by every reload: shallow, so that thousands of rows are not made deeply reactive
  const events = shallowRef<ReportEventView[]>([]);
  const episodes = shallowRef<EpisodeView[]>([]);
  /** The strips added to the open record's report. */
  const reportStrips = ref<ReportStripView[]>([]);
  const busy = ref(false);
  /** Whether the events list is being recomputed after an edit (it shows the previous one meanwhile). */
  const eventsUpdating = ref(false);
  /** The class whose templates the panel lists. */
  const templateClass = ref<AamiClass>('N');

  /**
   * Runs one write with the reviewer name, then reloads what it changed (`busy` until they are in): the overview,
   * strip and audit trail, and of the lists only those {@link reloadsAfter} names; the events list, recomputed on
   * the server off its serving thread, follows on its own. A reply that carries a {@link ReviewViewDelta} (a bulk
   * beat edit) patches the overview, audit trail and templates from it instead, and only the strip is reloaded.
   * @param reloads - the views the action changes, or a function of the write's reply (an undo: of what it replayed)
   */
  async function act<T>(
    context: string,
    write: (recordId: number, reviewer: string) => Promise<T>,
    reloads: ActionReloads | ((result: T) => ActionReloads),
  ): Promise<boolean> {
    const id = record.recordId;
    const reviewer = session.reviewerForWrite();
    if (id === null || reviewer === null) return false;
    busy.value = true;
    try {
      const done = await errors.guard(context, () => write(id, reviewer));
      const changed = typeof reloads === 'function' ? (done === undefined ? RELOAD_ALL : reloads(done)) : reloads;
      const views = viewsOf(done);
      if (views && !changed.episodes && !changed.reportStrips) await showViews(views, changed);
      else await reload(changed);
      return done !== undefined;
    } finally {
      busy.value = false;
    }
  }

  /** Reloads the overview, strip, audit trail and the review lists of the open record (the events list after them). */
  async function reloadAll(): Promise<void> {
    await reload(RELOAD_ALL);
  }

  async function reload(changed: ActionReloads): Promise<void> {
    const views = changed.record ? [record.refreshOverview(), record.loadStrip(), record.loadEvents()] : [];
    await Promise.all([...views, loadLists(changed)]);
  }

  /**
   * Shows a write's {@link ReviewViewDelta}, with the strip and the lists the delta does not cover reloaded; the events
   * list is asked for once they are in (the server computes it then, so that it does not compete with them), and
   * shown as updating from the start.
   */
  async function showViews(views: ReviewViewDelta, changed: ActionReloads): Promise<void> {
    const id = record.recordId;
    const patched = changed.templates && patchTemplates(views);
    if (changed.events) eventsUpdating.value = true;
    // showViewDelta drops the pages kept around the strip: the strip from the reply comes after it
    const shown = record.showViewDelta(views);
    await Promise.all([
      shown,
      record.showStripOverlay(views.strip) ? undefined : record.loadStrip(),
      loadLists({ ...changed, templates: changed.templates && !patched, events: false }),
    ]);
    if (changed.events && id !== null) void loadEventList(id);
  }

  /** Templates seen in lists of the open record, by id, so that a delta's list is drawn without their waveforms again. */
  const templateRows = new Map<number, TemplateView>();
  let templateRowsOf: number | null = null;

  /** Shows a templates reply and remembers its templates. */
  function showTemplates(list: TemplateList): void {
    if (templateRowsOf !== list.recordId) templateRows.clear();
    templateRowsOf = list.recordId;
    for (const t of list.templates) templateRows.set(t.templateId, t);
    templates.value = list;
  }

  /** The templates list from a delta ({@link templatesAfterDelta}). @returns false when it must be listed again */
  function patchTemplates(views: ReviewViewDelta): boolean {
    const current = templates.value;
    if (!views.templates || !current || current.recordId !== record.recordId || templateRowsOf !== current.recordId) return false;
    const next = templatesAfterDelta(current, templateRows, views.templates, templateClass.value, TEMPLATE_PAGE.limit);
    if (next) templates.value = next;
    return next !== null;
  }

  /**
   * Starts reloading the events list (`eventsUpdating` until it is in; it is computed on the server's review worker
   * meanwhile), then reloads the templates, episodes and report strips (each only when `changed` names it).
   */
  async function loadLists(changed: ActionReloads = RELOAD_ALL): Promise<void> {
    const id = record.recordId;
    if (id === null || !record.overview?.analysis) return;
    if (changed.events) void loadEventList(id);
    const [t, ep, rs] = await Promise.all([
      changed.templates &&
        errors.guard('Load templates', () => api.invoke('templates:list', { recordId: id, label: templateClass.value, ...TEMPLATE_PAGE })),
      changed.episodes && errors.guard('Load episodes', () => api.invoke('episodes:list', { recordId: id })),
      changed.reportStrips && errors.guard('Load report strips', () => api.invoke('strips:list', { recordId: id })),
    ]);
    if (record.recordId !== id) return;
    if (t) showTemplates(t);
    if (ep) episodes.value = ep;
    if (rs) reportStrips.value = rs;
  }

  let eventsSeq = 0;
  /** The server's version of the events list shown, for `record:eventsSince` to send only what changed. */
  let eventsShown: { recordId: number; version: number } | null = null;
  async function loadEventList(id: number): Promise<void> {
    const seq = ++eventsSeq;
    eventsUpdating.value = true;
    const since = eventsShown?.recordId === id ? eventsShown.version : undefined;
    const reply = await errors.guard('Load events', () => api.invoke('record:eventsSince', { recordId: id, since }));
    if (seq !== eventsSeq) return;
    eventsUpdating.value = false;
    if (!reply || record.recordId !== id) return;
    const next = reply.events ?? (reply.delta && applyListDelta(events.value, reply.delta));
    if (!next) return;
    events.value = next;
    eventsShown = { recordId: id, version: reply.version };
  }

  /** Lists another class's templates. */
  async function showTemplateClass(label: AamiClass): Promise<void> {
    templateClass.value = label;
    const id = record.recordId;
    if (id === null) return;
    const t = await errors.guard('Load templates', () => api.invoke('templates:list', { recordId: id, label, ...TEMPLATE_PAGE }));
    if (t && record.recordId === id && templateClass.value === label) showTemplates(t);
  }

  /**
   * One beat of a template (`templates:beats`, a page of one), for the template's beat pager.
   * @param index - 0-based, in the template's time order
   * @returns the template's beat count and the beat (null past the end), or undefined when the request failed
   */
  async function templateBeat(templateId: number, index: number): Promise<{ total: number; beat: BeatView | null } | undefined> {
    const id = record.recordId;
    if (id === null) return undefined;
    const page = await errors.guard('Load template beat', () =>
      api.invoke('templates:beats', { recordId: id, templateId, offset: index, limit: 1 }),
    );
    return page && { total: page.total, beat: page.beats[0] ?? null };
  }

  /** Moves beats to another template (which gives them its label), or to a new template of a class, as one action. */
  async function moveBeats(beatIds: number[], target: { templateId: number } | { label: AamiClass }): Promise<boolean> {
    return act(
      'Move beat',
      (recordId, reviewer) => api.invoke('templates:moveBeats', { recordId, beatIds, ...target, reviewer }),
      reloadsAfter('relabel'),
    );
  }

  async function loadReviewers(): Promise<void> {
    const result = await errors.guard('Load reviewers', () => api.invoke('reviewers:list', {}));
    if (result) reviewers.value = result;
  }

  /** Creates a reviewer profile and makes it the current reviewer. */
  async function createReviewer(name: string, role: ReviewerProfile['role']): Promise<void> {
    const created = await errors.guard('Create reviewer', () => api.invoke('reviewers:create', { name, role }));
    if (!created) return;
    session.reviewer = created.name;
    await loadReviewers();
  }

  const replayed = (reply: { targetKind: ReviewAction['kind'] | null }): ActionReloads => reloadsAfter(reply.targetKind);
  const undo = () =>
    act('Undo', (recordId, reviewer) => api.invoke('review:undo', { recordId, reviewer, strip: record.shownStripSpan() }), replayed);
  const redo = () =>
    act('Redo', (recordId, reviewer) => api.invoke('review:redo', { recordId, reviewer, strip: record.shownStripSpan() }), replayed);

  /** Toggles the artefact flag of the selected beat. */
  async function toggleArtefactSelected(): Promise<void> {
    const beat = record.selectedBeat;
    if (!beat) return;
    await act(
      'Mark artefact',
      (recordId, reviewer) =>
        api.invoke('beats:artefact', {
          recordId,
          startSample: beat.sample,
          endSample: beat.sample + 1,
          artefact: !beat.artefact,
          reviewer,
        }),
      reloadsAfter('artefact'),
    );
  }

  /** Marks every beat of the strip on screen as artefact (a noisy stretch). */
  async function artefactStrip(artefact: boolean): Promise<void> {
    const view = record.strip;
    if (!view) return;
    await act(
      'Mark stretch',
      (recordId, reviewer) =>
        api.invoke('beats:artefact', { recordId, startSample: view.startSample, endSample: view.endSample, artefact, reviewer }),
      reloadsAfter('artefact'),
    );
  }

  /** Deletes the selected beat (a false detection). */
  async function deleteSelected(): Promise<void> {
    const beat = record.selectedBeat;
    if (!beat) return;
    await act(
      'Delete beat',
      (recordId, reviewer) => api.invoke('beats:delete', { recordId, beatIds: [beat.beatId], reviewer }),
      reloadsAfter('delete-beats'),
    );
  }

  /**
   * Inserts a missed beat halfway between the selected beat and the next one (the server snaps it to the R peak).
   * Without a next beat on the strip, half a second after the selected one.
   */
  async function insertAfterSelected(label: AamiClass = 'N'): Promise<void> {
    const beat = record.selectedBeat;
    if (!beat) return;
    const next = record.beats.find((b) => b.sample > beat.sample);
    const sample = next ? Math.round((beat.sample + next.sample) / 2) : beat.sample + Math.round(record.fsHz / 2);
    await insertAt(sample, label);
  }

  async function insertAt(sample: number, label: AamiClass): Promise<void> {
    await act(
      'Insert beat',
      (recordId, reviewer) => api.invoke('beats:insert', { recordId, sample, label, reviewer }),
      reloadsAfter('insert-beat'),
    );
  }

  /**
   * Relabels the selected beat from the keyboard ({@link useRecordStore}'s `relabelSelected`: strip, overview, counts
   * and audit trail), then the lists it changed: the templates panel (the beat left its template for one of its new
   * class) patched from the reply's view delta, or listed again when the delta cannot say, and the events list.
   */
  async function relabelSelected(label: AamiClass): Promise<void> {
    const views = await record.relabelSelected(label);
    if (!views) return;
    const patched = patchTemplates(views);
    await loadLists({ record: false, templates: !patched, episodes: false, reportStrips: false, events: true });
  }

  async function relabelTemplate(templateId: number, label: AamiClass): Promise<void> {
    await act(
      'Relabel template',
      (recordId, reviewer) => api.invoke('templates:relabel', { recordId, templateId, label, reviewer, strip: record.shownStripSpan() }),
      reloadsAfter('relabel'),
    );
  }

  /** Marks every beat of a template as artefact (a template of noise), or clears the mark, as one action. */
  async function artefactTemplate(templateId: number, artefact: boolean): Promise<void> {
    await act(
      artefact ? 'Mark template artefact' : 'Clear template artefact',
      (recordId, reviewer) =>
        api.invoke('templates:artefact', { recordId, templateId, artefact, reviewer, strip: record.shownStripSpan() }),
      reloadsAfter('artefact'),
    );
  }

  async function editEpisode(episodeId: number, change: Params<'episodes:edit'>['change'], label?: HolterRhythm): Promise<void> {
    await act(
      'Edit episode',
      (recordId, reviewer) => api.invoke('episodes:edit', { recordId, episodeId, change, label, reviewer }),
      reloadsAfter('episode-label'),
    );
  }

  /** Adds an episode over [onsetSample, endSample) (a span dragged on the strip). */
  async function addEpisode(onsetSample: number, endSample: number, label: HolterRhythm): Promise<void> {
    await act(
      'Add episode',
      (recordId, reviewer) => api.invoke('episodes:add', { recordId, onsetSample, endSample, label, reviewer }),
      reloadsAfter('episode-add'),
    );
  }

  /** Adds an episode over the strip on screen. */
  async function addEpisodeOnStrip(label: HolterRhythm): Promise<void> {
    const view = record.strip;
    if (view) await addEpisode(view.startSample, view.endSample, label);
  }

  /** Adds the strip on screen (its whole span, one lead) to the report. */
  async function addStripOnScreen(lead: number): Promise<void> {
    const view = record.strip;
    if (!view) return;
    await act(
      'Add strip to report',
      (recordId, reviewer) =>
        api.invoke('strips:add', { recordId, startSample: view.startSample, endSample: view.endSample, lead, reviewer }),
      reloadsAfter('strip-add'),
    );
  }

  async function removeReportStrip(stripId: number): Promise<void> {
    await act(
      'Remove strip from report',
      (recordId, reviewer) => api.invoke('strips:remove', { recordId, stripId, reviewer }),
      reloadsAfter('strip-remove'),
    );
  }

  async function setRecordCall(label: RhythmLabel | null): Promise<void> {
    await act(
      'Record call',
      (recordId, reviewer) => api.invoke('record:setCall', { recordId, label, reviewer }),
      reloadsAfter('record-call'),
    );
  }

  const sign = () => act('Sign case', (recordId, reviewer) => api.invoke('review:sign', { recordId, reviewer }), reloadsAfter('sign'));
  const reopen = () =>
    act('Reopen case', (recordId, reviewer) => api.invoke('review:reopen', { recordId, reviewer }), reloadsAfter('reopen'));

  /** Opens an event's strip (centred on its onset). */
  async function openEvent(event: ReportEventView): Promise<void> {
    await record.centreOn((event.onsetSample + event.endSample) / 2 / record.fsHz);
  }

  /** Opens the first event starting after (1) or before (−1) the middle of the strip on screen. */
  async function stepEvent(direction: 1 | -1): Promise<void> {
    const view = record.strip;
    if (!view) return;
    const middle = (view.startSample + view.endSample) / 2;
    const candidates = [...events.value]
      .sort((a, b) => a.onsetSample - b.onsetSample)
      .filter((e) => (direction === 1 ? e.onsetSample > middle : e.endSample < view.startSample));
    const target = direction === 1 ? candidates[0] : candidates[candidates.length - 1];
    if (target) await openEvent(target);
  }

  return {
    stepEvent,
    reviewers,
    templates,
    templateClass,
    showTemplateClass,
    templateBeat,
    moveBeats,
    relabelSelected,
    events,
    eventsUpdating,
    episodes,
    reportStrips,
    busy,
    reloadAll,
    loadLists,
    loadReviewers,
    createReviewer,
    undo,
    redo,
    toggleArtefactSelected,
    artefactStrip,
    deleteSelected,
    insertAfterSelected,
    insertAt,
    relabelTemplate,
    artefactTemplate,
    editEpisode,
    addEpisode,
    addEpisodeOnStrip,
    addStripOnScreen,
    removeReportStrip,
    setRecordCall,
    sign,
    reopen,
    openEvent,
  };
});
