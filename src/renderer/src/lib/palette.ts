/**
 * Colours and names of beat classes and rhythm labels, from the Okabe–Ito colour-blind-safe palette
 * (Okabe M, Ito K. Color Universal Design, 2002; https://jfly.uni-koeln.de/color/), darkened where text needs contrast.
 */
import type { RhythmLabel } from '../../../shared/api';
import type { AamiClass } from '../../../shared/labels';

/** A label's colours: `ink` for text and outlines, `tint` for fills behind text. */
export interface LabelColours {
  ink: string;
  tint: string;
}

/** AAMI class colours: N neutral grey, S blue, V vermilion, F reddish purple, Q light grey. */
export const BEAT_CLASS_COLOURS: Readonly<Record<AamiClass, LabelColours>> = Object.freeze({
  N: { ink: '#3b4248', tint: '#eceef0' },
  S: { ink: '#0072b2', tint: '#d9ebf6' },
  V: { ink: '#c34f00', tint: '#fbe3d3' },
  F: { ink: '#a3467f', tint: '#f5e1ed' },
  Q: { ink: '#6f6f6f', tint: '#e6e6e6' },
});

/** Full names of the AAMI classes, for tooltips and legends. */
export const BEAT_CLASS_NAMES: Readonly<Record<AamiClass, string>> = Object.freeze({
  N: 'Normal / bundle branch',
  S: 'Supraventricular ectopic',
  V: 'Ventricular ectopic',
  F: 'Fusion',
  Q: 'Paced / unclassifiable',
});

/** Rhythm label colours: AF in saturated orange so it stands out; the others muted. */
export const RHYTHM_COLOURS: Readonly<Record<RhythmLabel, LabelColours>> = Object.freeze({
  N: { ink: '#0b5e48', tint: '#cfe8df' },
  A: { ink: '#3d2a00', tint: '#e69f00' },
  O: { ink: '#1b5b80', tint: '#cde7f7' },
  '~': { ink: '#4d4d4d', tint: '#d6d6d6' },
});

/** Short names of the rhythm labels as shown on bands. */
export const RHYTHM_NAMES: Readonly<Record<RhythmLabel, string>> = Object.freeze({
  N: 'Normal',
  A: 'AF',
  O: 'Other',
  '~': 'Noisy',
});

/** Fill colours (RGB triplets) of the attention overlay: beat attention blue, rhythm attention bluish green. */
export const ATTENTION_RGB: Readonly<Record<'beat' | 'rhythm', readonly [number, number, number]>> = Object.freeze({
  beat: [0, 114, 178],
  rhythm: [0, 158, 115],
});
