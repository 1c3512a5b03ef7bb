import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  VIEW_DELTA_AUDIT_ROWS,
  type BeatView,
  type ClassCounts,
  type LabelEvent,
  type RecordOverview,
  type RecordWindow,
  type ReviewStatus,
  type ReviewViewDelta,
} from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { api } from '../api';
import { findBeatFrom, stepBeat } from '../lib/beat-navigation';
import { describeError } from '../lib/api-error';
import { overviewAfterDelta } from '../lib/overview-after-delta';
import { chooseTrendBinS } from '../lib/hr-trend-series';
import { REVIEW_CONFIG } from '../lib/review-config';
import { StripPages, type StripSpan } from '../lib/strip-pages';
import { clampStripStartS, stripSampleSpan, stripStartCentredOn } from '../lib/strip-position';
import { useCasesStore } from './cases';
import { useErrorsStore } from './errors';
import { useSessionStore } from './session';

const ZOOM_KEY = 'holter.zoom';

/** Strip zoom: a fixed level, or `fit` to fill the available width. */
export type StripZoom = number | 'fit';

function storedZoom(): StripZoom {
  try {
    const zoom = Number(localStorage.getItem(ZOOM_KEY));
    return REVIEW_CONFIG.zoomLevels.includes(zoom) ? zoom : 'fit';
  } catch {
    return 'fit';
  }
}

/** Outcome of a beat search. */
export type BeatSearchResult = { status: 'found'; sample: number; beatId: number | null } | { status: 'none' } | { status: 'stopped' };

/** Where a beat reached by navigation is put on the strip. */
type Landing = 'centre' | 'near-left' | 'near-right';

/**
 * The open record: its overview, the strip (`spanS` seconds), the beat selection, relabels, review status and audit trail.
 * Every reply that arrives after the user has moved on (a newer strip, another record) is dropped.
 */
export const useRecordStore = defineStore('record', () => {
  const errors = useErrorsStore();
  const session = useSessionStore();
  const cases = useCasesStore();

  const recordId = ref<number | null>(null);
  const overview = shallowRef<RecordOverview | null>(null);
  const strip = shallowRef<RecordWindow | null>(null);
  const beats = ref<BeatView[]>([]);
  const beatCounts = ref<ClassCounts | null>(null);
  const reviewStatus = ref<ReviewStatus | null>(null);
  const startS = ref(0);
  const selectedBeatId = ref<number | null>(null);
  const events = ref<LabelEvent[]>([]);
  const zoom = ref<StripZoom>(storedZoom());
  /** Seconds of record the strip shows (what fits the screen at the zoom and paper speed); paging moves by this. */
  const spanS = ref(REVIEW_CONFIG.stripS);
  const loadingStrip = ref(false);
  /** Whether opening the record failed (the reason is in the error banner). */
  const openFailed = ref(false);
  /** Whether a beat search (`beats:find`) is under way. */
  const searching = ref(false);

  let openSeq = 0;
  let stripSeq = 0;
  let searchSeq = 0;

  const fsHz = computed(() => overview.value?.fsHz ?? 0);
  const durationS = computed(() => (overview.value ? overview.value.nSamples / overview.value.fsHz : 0));
  const selectedBeat = computed(() => beats.value.find((b) => b.beatId === selectedBeatId.value) ?? null);

  function setZoom(level: StripZoom): void {
    zoom.value = level;
    try {
      localStorage.setItem(ZOOM_KEY, String(level));
    } catch (error) {
      errors.report('Save zoom', error);
    }
  }

  /**
   * Sets how many seconds the strip shows and reloads it when that changed.
   * @param seconds - the visible span, in s (the caller keeps it within `MAX_WINDOW_S`)
   */
  async function setSpan(seconds: number): Promise<void> {
    if (seconds === spanS.value) return;
    spanS.value = seconds;
    if (!overview.value) return;
    startS.value = clampStripStartS(startS.value, durationS.value, seconds);
    await loadStrip();
  }

  async function fetchOverview(id: number, binS: number): Promise<RecordOverview | undefined> {
    return errors.guard('Load record overview', () => api.invoke('record:overview', { recordId: id, binS }));
  }

  function applyOverview(result: RecordOverview): void {
    overview.value = result;
    beatCounts.value = result.beatCounts;
    reviewStatus.value = result.reviewStatus;
  }

  /**
   * Opens a record with its strip at a given time.
   * @param id - record id
   * @param tS - strip start, in s (clamped to the record), or null for the start
   */
  async function open(id: number, tS: number | null): Promise<void> {
    const seq = ++openSeq;
    searchSeq++;
    dropPageAhead();
    recordId.value = id;
    overview.value = null;
    strip.value = null;
    beats.value = [];
    beatCounts.value = null;
    reviewStatus.value = null;
    events.value = [];
    selectedBeatId.value = null;
    searching.value = false;
    openFailed.value = false;
    startS.value = tS ?? 0;
    if (!cases.byId(id)) await cases.refresh();
    const known = cases.byId(id);
    // the case row gives the record's size: the strip is asked for together with the overview, not after it
    if (known) startS.value = clampStripStartS(startS.value, known.durationS, spanS.value);
    const early = known ? loadStrip(known) : null;
    const guessBinS = chooseTrendBinS(known?.durationS ?? 0);
    let result = await fetchOverview(id, guessBinS);
    const binS = result ? chooseTrendBinS(result.nSamples / result.fsHz) : guessBinS;
    if (result && binS !== guessBinS) result = await fetchOverview(id, binS);
    if (seq !== openSeq) return;
    if (!result) {
      openFailed.value = true;
      return;
    }
    applyOverview(result);
    const startBefore = startS.value;
    startS.value = clampStripStartS(startS.value, durationS.value, spanS.value);
    await Promise.all([early && startS.value === startBefore ? early : loadStrip(), loadEvents()]);
    if (seq === openSeq && strip.value && recordId.value === id) fetchPageAhead(id, result);
  }

  /**
   * Reloads the overview (after an analysis finished, an edit, or the case changed elsewhere), keeping the strip
   * position; drops the page fetched ahead at once (before any await: a strip reload started after this call in the
   * same tick asks the server again).
   */
  async function refreshOverview(): Promise<void> {
    dropPageAhead();
    const id = recordId.value;
    const current = overview.value;
    if (id === null || current === null) return;
    const seq = openSeq;
    const result = await fetchOverview(id, current.hrTrend.binS);
    if (result && seq === openSeq && recordId.value === id) applyOverview(result);
  }

  /**
   * Shows what a review edit's reply says it changed ({@link ReviewViewDelta}): the overview patched
   * ({@link overviewAfterDelta}; reloaded when that cannot be done exactly) and the audit trail replaced; drops the
   * page fetched ahead at once (its beats may have changed), as {@link refreshOverview} does, unless `keepPages` (an
   * edit of a beat on the strip shown only).
   */
  async function showViewDelta(delta: ReviewViewDelta, keepPages = false): Promise<void> {
    if (!keepPages) dropPageAhead();
    const current = overview.value;
    const next = current && overviewAfterDelta(current, delta);
    const reloads: Promise<void>[] = [];
    if (next) applyOverview(next);
    else reloads.push(refreshOverview());
    if (REVIEW_CONFIG.auditRows <= VIEW_DELTA_AUDIT_ROWS) {
      events.value = [...delta.auditEvents].sort((a, b) => b.eventId - a.eventId).slice(0, REVIEW_CONFIG.auditRows);
    } else reloads.push(loadEvents());
    await Promise.all(reloads);
  }

  /** The span the strip shows, for an edit's reply to carry its beats (see `ReviewViewDelta`'s `strip`); undefined when none. */
  function shownStripSpan(): { startSample: number; endSample: number } | undefined {
    const shown = strip.value;
    return shown && !loadingStrip.value ? { startSample: shown.startSample, endSample: shown.endSample } : undefined;
  }

  /**
   * Redraws the strip from an edit's reply ({@link ReviewViewDelta}'s `strip`: its beats, episodes and attention as of
   * the commit; the signal is the one shown), then keeps the pages around it as {@link loadStrip} does.
   * @returns false when the reply has no strip or one of another span than the strip now shown (then reload it)
   */
  function showStripOverlay(overlay: ReviewViewDelta['strip']): boolean {
    const shown = strip.value;
    const id = recordId.value;
    const ov = overview.value;
    if (!overlay || !shown || id === null || !ov || loadingStrip.value) return false;
    if (shown.startSample !== overlay.startSample || shown.endSample !== overlay.endSample) return false;
    stripSeq++;
    const span = { recordId: id, startSample: shown.startSample, endSample: shown.endSample };
    showStrip(span, ov, { ...shown, beats: overlay.beats, episodes: overlay.episodes, attention: overlay.attention });
    return true;
  }

  /** Pages kept around the strip shown (see {@link StripPages}); `record:window` replies, undefined when one failed. */
  const pages = new StripPages<RecordWindow>((span) =>
    api
      .invoke('record:window', { recordId: span.recordId, startSample: span.startSample, endSample: span.endSample })
      .catch(() => undefined),
  );

  /** Forgets the pages kept around the strip (an edit or a push may have changed their beats or episodes). */
  function dropPageAhead(): void {
    pages.clear();
  }

  function spanAt(id: number, tS: number, ov: { fsHz: number; nSamples: number }): StripSpan {
    const [startSample, endSample] = stripSampleSpan(tS, spanS.value, ov.fsHz, ov.nSamples);
    return { recordId: id, startSample, endSample };
  }

  /** Keeps the page before the strip shown (when it was just left) and asks for the pages after it. */
  function fetchPageAhead(id: number, ov: { fsHz: number; nSamples: number }): void {
    const durationSOf = ov.nSamples / ov.fsHz;
    const behindS = clampStripStartS(startS.value - spanS.value, durationSOf, spanS.value);
    const ahead: StripSpan[] = [];
    for (let k = 1, lastS = startS.value; k <= REVIEW_CONFIG.stripPagesAhead; k++) {
      const nextS = clampStripStartS(startS.value + k * spanS.value, durationSOf, spanS.value);
      if (nextS <= lastS) break;
      ahead.push(spanAt(id, nextS, ov));
      lastS = nextS;
    }
    pages.keep(behindS < startS.value ? [spanAt(id, behindS, ov)] : [], ahead);
  }

  /**
   * Shows the strip at `startS`: a kept page's reply at once when it is in (one render, in the key press's task),
   * else that page's reply or a `record:window` request awaited; then keeps the pages around it (once the record is
   * open).
   * @param ov - the record's rate and length (default: from its overview)
   */
  async function loadStrip(ov: { fsHz: number; nSamples: number } | null = overview.value): Promise<void> {
    const id = recordId.value;
    if (!ov || id === null) return;
    const seq = ++stripSeq;
    const span = spanAt(id, startS.value, ov);
    const kept = pages.find(span);
    let result = kept?.settled;
    if (!result) {
      loadingStrip.value = true;
      result =
        (kept ? await kept.reply : undefined) ??
        (await errors.guard('Load strip', () =>
          api.invoke('record:window', { recordId: id, startSample: span.startSample, endSample: span.endSample }),
        ));
      if (seq !== stripSeq) return;
    }
    loadingStrip.value = false;
    if (!result) return;
    showStrip(span, ov, result);
  }

  /**
   * Shows a window on the strip: keeps it as the page of `span` and the pages around it ({@link StripPages}), sorts
   * its beats, and drops the selection when its beat is not in it.
   */
  function showStrip(span: StripSpan, ov: { fsHz: number; nSamples: number }, shown: RecordWindow): void {
    pages.show(span, shown);
    // not while the record opens: the overview comes first
    if (overview.value) fetchPageAhead(span.recordId, ov);
    strip.value = shown;
    beats.value = [...shown.beats].sort((a, b) => a.sample - b.sample);
    if (selectedBeatId.value !== null && !beats.value.some((b) => b.beatId === selectedBeatId.value)) {
      selectedBeatId.value = null;
    }
  }

  /**
   * Moves the strip to start at a time (clamped to the record) and loads it; a beat search still under way is
   * dropped.
   * @param tS - wanted strip start, in s
   */
  async function moveTo(tS: number): Promise<void> {
    searchSeq++;
    searching.value = false;
    const next = clampStripStartS(tS, durationS.value, spanS.value);
    if (next === startS.value && strip.value) return;
    startS.value = next;
    await loadStrip();
  }

  /** Moves the strip by a signed number of seconds. */
  async function moveBy(deltaS: number): Promise<void> {
    await moveTo(startS.value + deltaS);
  }

  /** Moves the strip so that a time is in its centre. */
  async function centreOn(timeS: number): Promise<void> {
    await moveTo(stripStartCentredOn(timeS, durationS.value, spanS.value));
  }

  function landingStart(sample: number, landing: Landing): number {
    const timeS = sample / fsHz.value;
    if (landing === 'near-left') return timeS - REVIEW_CONFIG.stepLandingS;
    if (landing === 'near-right') return timeS - spanS.value + REVIEW_CONFIG.stepLandingS;
    return stripStartCentredOn(timeS, durationS.value, spanS.value);
  }

  /**
   * Shows a beat on the strip and selects it.
   * @param sample - the beat's sample
   * @param beatId - the beat to select, or null to select the strip's beat at `sample` once loaded
   * @param landing - where the beat lands when the strip has to move
   */
  async function goToBeat(sample: number, beatId: number | null, landing: Landing = 'centre'): Promise<void> {
    const visible = strip.value !== null && sample >= strip.value.startSample && sample < strip.value.endSample;
    const shown = beats.value.find((b) => (beatId === null ? b.sample === sample : b.beatId === beatId));
    if (visible && shown) {
      selectedBeatId.value = shown.beatId;
      return;
    }
    selectedBeatId.value = beatId;
    await moveTo(landingStart(sample, landing));
    const loaded = beats.value.find((b) => (beatId === null ? b.sample === sample : b.beatId === beatId));
    if (loaded) selectedBeatId.value = loaded.beatId;
  }

  /**
   * Finds the nearest beat strictly after/before a sample: among the strip's beats first, then in the whole record
   * with `beats:find` (one query per class when any class will do).
   * @param label - the class looked for, or null for any beat
   * @returns the beat's sample and, when it is on the strip, the beat; `none` when the record has no such beat;
   *   `stopped` when another navigation overtook the search or a request failed (the failure is in the banner)
   */
  async function findBeat(fromSample: number, direction: 1 | -1, label: AamiClass | null): Promise<BeatSearchResult> {
    const local = findBeatFrom(beats.value, fromSample, direction, label);
    if (local) return { status: 'found', sample: local.sample, beatId: local.beatId };
    const id = recordId.value;
    if (id === null || !overview.value?.analysis) return { status: 'none' };
    const seq = ++searchSeq;
    searching.value = true;
    const from = Math.max(0, fromSample);
    const labels = label === null ? AAMI_CLASSES : [label];
    const results = await errors.guard('Find beat', () =>
      Promise.all(labels.map((l) => api.invoke('beats:find', { recordId: id, fromSample: from, label: l, direction }))),
    );
    if (seq !== searchSeq) return { status: 'stopped' };
    searching.value = false;
    if (!results) return { status: 'stopped' };
    const samples = results.map((r) => r.sample).filter((s): s is number => s !== null);
    if (samples.length === 0) return { status: 'none' };
    return { status: 'found', sample: direction === 1 ? Math.min(...samples) : Math.max(...samples), beatId: null };
  }

  /**
   * Jumps to the next/previous beat of a class from the selected beat (or from the strip's edge when none is),
   * centres it and selects it.
   * @returns whether a beat was found, none exists, or the search stopped
   */
  async function goToClass(label: AamiClass, direction: 1 | -1): Promise<BeatSearchResult['status']> {
    const view = strip.value;
    if (!view) return 'stopped';
    const from = selectedBeat.value?.sample ?? (direction === 1 ? view.startSample - 1 : view.endSample);
    const result = await findBeat(from, direction, label);
    if (result.status === 'found') await goToBeat(result.sample, result.beatId);
    return result.status;
  }

  /** Selects a beat by id, or clears the selection with null. */
  function select(beatId: number | null): void {
    selectedBeatId.value = beatId;
  }

  /** Moves the selection to the next/previous beat, paging the strip when the selection leaves it. */
  async function stepSelection(direction: 1 | -1): Promise<void> {
    const next = stepBeat(beats.value, selectedBeatId.value, direction);
    if (next) {
      selectedBeatId.value = next.beatId;
      return;
    }
    const view = strip.value;
    if (!view) return;
    const from = selectedBeat.value?.sample ?? (direction === 1 ? view.endSample - 1 : view.startSample);
    const result = await findBeat(from, direction, null);
    if (result.status === 'found') {
      await goToBeat(result.sample, result.beatId, direction === 1 ? 'near-left' : 'near-right');
    }
  }

  async function loadEvents(): Promise<void> {
    const id = recordId.value;
    if (id === null) return;
    const result = await errors.guard('Load audit trail', () =>
      api.invoke('review:events', { recordId: id, limit: REVIEW_CONFIG.auditRows }),
    );
    if (result && recordId.value === id) events.value = [...result].sort((a, b) => b.eventId - a.eventId);
  }

  /**
   * Relabels the selected beat (`beats:relabel`) and shows the reply at once: the beat on the strip (and in the page
   * kept for it), then the overview, counts and audit trail from the reply's {@link ReviewViewDelta}; no-op without a
   * selection or when the beat already carries this label from a human. When the server refuses it because the record
   * was re-analysed (`conflict`), the banner says so and the overview and strip are reloaded with the current
   * analysis's beats.
   * @returns the reply's view delta (for the review store's templates and events lists), or undefined when nothing
   *   was relabelled
   */
  async function relabelSelected(label: AamiClass): Promise<ReviewViewDelta | undefined> {
    const beat = selectedBeat.value;
    if (!beat || (beat.label === label && beat.source === 'human')) return undefined;
    const reviewer = session.reviewerForWrite();
    const id = recordId.value;
    if (reviewer === null || id === null) return undefined;
    const shown = strip.value;
    // the span the strip shows, when no other page is on its way
    const shownSpan = !loadingStrip.value && overview.value ? spanAt(id, startS.value, overview.value) : null;
    let conflict = false;
    const result = await errors.guard('Relabel beat', async () => {
      try {
        return await api.invoke('beats:relabel', { beatId: beat.beatId, label, reviewer });
      } catch (error) {
        conflict = describeError(error).code === 'conflict';
        throw error;
      }
    });
    if (conflict) {
      await refreshOverview();
      await loadStrip();
    }
    if (!result || recordId.value !== id) return undefined;
    const updated = result.beat;
    const withUpdate = (list: readonly BeatView[]): BeatView[] => list.map((b) => (b.beatId === updated.beatId ? updated : b));
    beats.value = withUpdate(beats.value);
    if (shown && shownSpan && strip.value === shown && !loadingStrip.value) {
      // the page left behind is kept as shown: with the relabel, so that paging back does not bring the old label
      strip.value = { ...shown, beats: withUpdate(shown.beats) };
      pages.show(shownSpan, strip.value);
    } else dropPageAhead();
    if (!result.views) {
      await Promise.all([refreshOverview(), loadEvents()]);
      return undefined;
    }
    await showViewDelta(result.views, true);
    return result.views;
  }

  /** Sets the record's review status (`review:setStatus`). */
  async function setStatus(status: ReviewStatus): Promise<void> {
    const id = recordId.value;
    const reviewer = session.reviewerForWrite();
    if (id === null || reviewer === null) return;
    const result = await errors.guard('Set review status', () => api.invoke('review:setStatus', { recordId: id, status, reviewer }));
    if (!result || recordId.value !== id) return;
    reviewStatus.value = result.status;
    await loadEvents();
  }

  /** Leaves the record (stops pending replies from landing). */
  function close(): void {
    openSeq++;
    stripSeq++;
    searchSeq++;
    dropPageAhead();
    recordId.value = null;
    searching.value = false;
  }

  return {
    recordId,
    overview,
    strip,
    beats,
    beatCounts,
    reviewStatus,
    startS,
    selectedBeatId,
    selectedBeat,
    events,
    zoom,
    spanS,
    loadingStrip,
    openFailed,
    searching,
    fsHz,
    durationS,
    setZoom,
    setSpan,
    open,
    refreshOverview,
    showViewDelta,
    shownStripSpan,
    showStripOverlay,
    loadStrip,
    dropPageAhead,
    moveTo,
    moveBy,
    centreOn,
    goToBeat,
    goToClass,
    select,
    stepSelection,
    loadEvents,
    relabelSelected,
    setStatus,
    close,
  };
});
