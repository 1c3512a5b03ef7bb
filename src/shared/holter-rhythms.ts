/**
 * Holter rhythm types of rhythm episodes and their WFDB rhythm codes.
 *
 * Rhythm episodes partition a record into stretches of one rhythm. Their types are the MIT rhythm
 * annotation strings (the aux string of a `+` rhythm-change annotation) of the WFDB library, so a
 * `.rhythm` file scores with WFDB `epicmp` against `.atr` rhythm annotations. The per-window CNN
 * output and the record call keep the four PhysioNet/CinC 2017 strip classes (`RhythmLabel`:
 * N, A, O, ~); {@link CINC_TO_HOLTER_RHYTHM} says which Holter type each strip class stands for
 * when nothing more specific explains a stretch.
 *
 * Pure data (no Node imports): used by the main process and the renderer alike.
 *
 * Sources: WFDB Applications Guide, "Annotation codes", rhythm aux strings
 * (https://physionet.org/physiotools/wag/annot-5.htm); MIT-BIH Arrhythmia Database Directory, rhythm
 * labels (https://physionet.org/physiobank/database/html/mitdbdir/intro.htm; Moody GB, Mark RG, IEEE
 * Eng Med Biol 20(3):45–50, 2001, doi:10.1109/51.932724); MIT-BIH Malignant Ventricular Ectopy
 * Database (`(VF`, `(VFL`, `(NOISE`; Greenwald SD, MS thesis, MIT, 1986).
 */

/** One Holter rhythm type: its code (as stored), the WFDB aux string, a description, and who assigns it. */
export interface HolterRhythmSpec {
  /** Stored code: the WFDB rhythm string without its leading `(`. */
  readonly code: string;
  /** Aux string of the `+` annotation written at the episode's onset. */
  readonly aux: string;
  readonly description: string;
  /**
   * 'analysis' when the automatic rhythm stage assigns it; 'reviewer' when only a reviewer does
   * (the stage has no detector for it yet, but the reviewer's type chooser offers it).
   */
  readonly assignedBy: 'analysis' | 'reviewer';
}

/**
 * Every Holter rhythm type, in the order of the type chooser and the report.
 * `(OTHER` is this project's own string (not in the MIT table): a stretch the CNN calls "other rhythm"
 * that no beat or signal rule explains. `(NOISE` is the vfdb string for a stretch too noisy to read.
 */
export const HOLTER_RHYTHMS = Object.freeze([
  spec('N', '(N', 'Normal sinus rhythm', 'analysis'),
  spec('AFIB', '(AFIB', 'Atrial fibrillation', 'analysis'),
  spec('AFL', '(AFL', 'Atrial flutter', 'reviewer'),
  spec('SVTA', '(SVTA', 'Supraventricular tachyarrhythmia', 'analysis'),
  spec('VT', '(VT', 'Ventricular tachycardia', 'analysis'),
  spec('VFL', '(VFL', 'Ventricular flutter / fibrillation', 'analysis'),
  spec('VF', '(VF', 'Ventricular fibrillation', 'reviewer'),
  spec('B', '(B', 'Ventricular bigeminy', 'analysis'),
  spec('T', '(T', 'Ventricular trigeminy', 'analysis'),
  spec('OTHER', '(OTHER', 'Other rhythm', 'analysis'),
  spec('NOISE', '(NOISE', 'Signal too noisy to read', 'analysis'),
] as const);

function spec<C extends string>(code: C, aux: string, description: string, assignedBy: HolterRhythmSpec['assignedBy']) {
  return Object.freeze({ code, aux, description, assignedBy });
}

/** A Holter rhythm type's stored code. */
export type HolterRhythm = (typeof HOLTER_RHYTHMS)[number]['code'];

/** The stored codes, in {@link HOLTER_RHYTHMS} order. */
export const HOLTER_RHYTHM_CODES: readonly [HolterRhythm, ...HolterRhythm[]] = Object.freeze(
  HOLTER_RHYTHMS.map((r) => r.code) as [HolterRhythm, ...HolterRhythm[]],
);

/** WFDB aux string of each type (`(N`, `(AFIB`, …). */
export const HOLTER_RHYTHM_AUX: Readonly<Record<HolterRhythm, string>> = Object.freeze(
  Object.fromEntries(HOLTER_RHYTHMS.map((r) => [r.code, r.aux])) as Record<HolterRhythm, string>,
);

/** Description of each type. */
export const HOLTER_RHYTHM_DESCRIPTIONS: Readonly<Record<HolterRhythm, string>> = Object.freeze(
  Object.fromEntries(HOLTER_RHYTHMS.map((r) => [r.code, r.description])) as Record<HolterRhythm, string>,
);

/**
 * The Holter type each CinC 2017 strip class stands for (N normal → `(N`, A AF → `(AFIB`, O other →
 * `(OTHER`, ~ noisy → `(NOISE`): the type of a stretch that only the CNN windows describe, and the
 * mapping the episode-type store migration (`migrations.ts`) applied to episodes stored before these types existed.
 */
export const CINC_TO_HOLTER_RHYTHM = Object.freeze({ N: 'N', A: 'AFIB', O: 'OTHER', '~': 'NOISE' } as const);

/**
 * The Holter type of a WFDB rhythm aux string (trailing NULs and blanks ignored), or null when it is
 * not one of {@link HOLTER_RHYTHMS}.
 * @param aux - aux string of a `+` annotation, e.g. `(AFIB`
 */
export function holterRhythmOfAux(aux: string): HolterRhythm | null {
  const clean = aux.replace(/[\0\s]+$/, '');
  return HOLTER_RHYTHMS.find((r) => r.aux === clean)?.code ?? null;
}
