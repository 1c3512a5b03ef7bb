/**
 * Colours and names of beat classes and rhythm labels, from the Okabe–Ito colour-blind-safe palette
 * (Okabe M, Ito K. Color Universal Design, 2002; https://jfly.uni-koeln.de/color/), darkened where text needs contrast.
 */
import type { HolterRhythm, RhythmLabel } from '../../../shared/api';
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

/**
 * Holter rhythm type colours of episode bands: AF in saturated orange and flutter in yellow; ventricular arrhythmias
 * in the vermilion family (VT saturated, bigeminy and trigeminy lighter), VF/VFL reddish purple; SVTA sky blue; normal,
 * other rhythm and noise muted.
 */
export const HOLTER_RHYTHM_COLOURS: Readonly<Record<HolterRhythm, LabelColours>> = Object.freeze({
  N: { ink: '#0b5e48', tint: '#cfe8df' },
  AFIB: { ink: '#3d2a00', tint: '#e69f00' },
  AFL: { ink: '#4a4300', tint: '#f0e442' },
  SVTA: { ink: '#0b3a5c', tint: '#56b4e9' },
  VT: { ink: '#2b1200', tint: '#d55e00' },
  VFL: { ink: '#3a0d29', tint: '#cc79a7' },
  VF: { ink: '#3a0d29', tint: '#b85c93' },
  B: { ink: '#7a3100', tint: '#f2b48a' },
  T: { ink: '#8a3a00', tint: '#f8d6bd' },
  OTHER: { ink: '#1b5b80', tint: '#cde7f7' },
  NOISE: { ink: '#4d4d4d', tint: '#d6d6d6' },
});

/** Short names of the Holter rhythm types as shown on bands and in legends. */
export const HOLTER_RHYTHM_NAMES: Readonly<Record<HolterRhythm, string>> = Object.freeze({
  N: 'Normal',
  AFIB: 'AF',
  AFL: 'Flutter',
  SVTA: 'SVTA',
  VT: 'VT',
  VFL: 'VF/VFL',
  VF: 'VF',
  B: 'Bigeminy',
  T: 'Trigeminy',
  OTHER: 'Other',
  NOISE: 'Noise',
});

/** Short names of the CinC 2017 strip classes (the record call). */
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
