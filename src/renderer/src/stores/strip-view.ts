import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { paperAt, type PaperConfig } from '../lib/paper-grid';
import { REVIEW_CONFIG } from '../lib/review-config';
import { useErrorsStore } from './errors';

const SPEED_KEY = 'holter.speedMmPerS';
const GAIN_KEY = 'holter.gainMmPerMv';

/** Which way the record is shown below the overview: the detail strip or the full-disclosure page. */
export type StripMode = 'strip' | 'disclosure';

function stored(key: string, offered: readonly number[], fallback: number): number {
  try {
    const value = Number(localStorage.getItem(key));
    return offered.includes(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * How the strip is drawn, apart from the record's data: paper speed and gain (kept across sessions), the leads
 * shown, the attention overlays, and the strip / full-disclosure mode with the disclosure page's start.
 */
export const useStripViewStore = defineStore('strip-view', () => {
  const errors = useErrorsStore();

  /** Paper speed, in mm/s. */
  const speedMmPerS = ref(stored(SPEED_KEY, REVIEW_CONFIG.speedsMmPerS, 25));
  /** Amplitude scale, in mm/mV. */
  const gainMmPerMv = ref(stored(GAIN_KEY, REVIEW_CONFIG.gainsMmPerMv, 10));
  /** Indices of the record's leads that are hidden (all shown by default). */
  const hiddenLeads = ref<ReadonlySet<number>>(new Set());
  /** Shade the beat model's attention. */
  const beatAttention = ref(false);
  /** Shade the rhythm model's attention. */
  const rhythmAttention = ref(false);
  const mode = ref<StripMode>('strip');
  /** What a drag on the strip does: calipers, or mark the span of a new rhythm episode (Shift+drag always does). */
  const dragMode = ref<'caliper' | 'episode'>('caliper');
  /** Start of the full-disclosure page, in s. */
  const disclosureStartS = ref(0);

  const paper = computed<Readonly<PaperConfig>>(() => paperAt(speedMmPerS.value, gainMmPerMv.value));

  function remember(key: string, value: number): void {
    try {
      localStorage.setItem(key, String(value));
    } catch (error) {
      errors.report('Save strip settings', error);
    }
  }

  /** Sets the paper speed (one of `REVIEW_CONFIG.speedsMmPerS`), in mm/s. */
  function setSpeed(value: number): void {
    speedMmPerS.value = value;
    remember(SPEED_KEY, value);
  }

  /** Sets the gain (one of `REVIEW_CONFIG.gainsMmPerMv`), in mm/mV. */
  function setGain(value: number): void {
    gainMmPerMv.value = value;
    remember(GAIN_KEY, value);
  }

  /**
   * Shows or hides a lead; the last shown lead cannot be hidden.
   * @param index - lead index in the record
   * @param shown - whether to show it
   * @param nLeads - the record's lead count
   */
  function showLead(index: number, shown: boolean, nLeads: number): void {
    const next = new Set(hiddenLeads.value);
    if (shown) next.delete(index);
    else if (nLeads - next.size > 1) next.add(index);
    hiddenLeads.value = next;
  }

  /** Shows every lead again (for a newly opened record). */
  function resetLeads(): void {
    hiddenLeads.value = new Set();
  }

  return {
    speedMmPerS,
    gainMmPerMv,
    hiddenLeads,
    beatAttention,
    rhythmAttention,
    mode,
    dragMode,
    disclosureStartS,
    paper,
    setSpeed,
    setGain,
    showLead,
    resetLeads,
  };
});
