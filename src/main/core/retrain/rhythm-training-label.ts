import type { RhythmLabel } from '../rhythm/rhythm-labels';

/**
 * The PhysioNet/CinC 2017 strip class (N, A, O, ~) a 30 s window inside a stretch of one MIT rhythm
 * takes as its training label, by the stretch's rhythm code (the WFDB rhythm aux string without its
 * `(`: the Holter episode types of `src/shared/holter-rhythms.ts` and every rhythm string of the
 * MIT-BIH Arrhythmia Database's `.atr` files):
 *
 * | code | class | why |
 * |---|---|---|
 * | N | N | normal sinus rhythm |
 * | AFIB | A | atrial fibrillation |
 * | NOISE | ~ | too noisy to classify (the vfdb string) |
 * | AFL, SVTA, AB, NOD, SBR, BII, PREX, B, T, VT, IVR, VFL, VF, P, OTHER | O | "other rhythm": neither normal sinus rhythm nor AF (atrial flutter, supraventricular tachyarrhythmia, atrial bigeminy, nodal rhythm, sinus bradycardia, 2° block, pre-excitation, ventricular bigeminy/trigeminy/tachycardia, idioventricular rhythm, ventricular flutter/fibrillation, paced rhythm, the project's OTHER) |
 *
 * The Challenge defines its classes as normal sinus rhythm, AF, an alternative rhythm, or too noisy
 * (Clifford GD, Liu C, Moody B, et al., Computing in Cardiology 44, 2017,
 * doi:10.22489/CinC.2017.065-469); it puts no rhythm other than AF and normal sinus rhythm in N or
 * A, so every other MIT code maps to O. Sinus bradycardia goes to O with the other non-normal
 * rhythms (a conservative choice: the Challenge's annotators may have called slow sinus rhythm
 * normal). Codes are the WFDB Applications Guide's ("Annotation codes",
 * https://physionet.org/physiotools/wag/annot-5.htm) and the MIT-BIH directory's.
 * @param code - rhythm code, with or without the leading `(` (e.g. `AFIB`, `(AFIB`)
 * @returns the strip class, or null for an unknown code (the window is then left out)
 */
export function rhythmTrainingLabel(code: string): RhythmLabel | null {
  const bare = code.startsWith('(') ? code.slice(1) : code;
  if (bare === 'N') return 'N';
  if (bare === 'AFIB') return 'A';
  if (bare === 'NOISE') return '~';
  return OTHER_RHYTHM_CODES.has(bare) ? 'O' : null;
}

/** MIT rhythm codes of the O class (see {@link rhythmTrainingLabel}). */
const OTHER_RHYTHM_CODES: ReadonlySet<string> = new Set([
  'AFL',
  'SVTA',
  'AB',
  'NOD',
  'SBR',
  'BII',
  'PREX',
  'B',
  'T',
  'VT',
  'IVR',
  'VFL',
  'VF',
  'P',
  'OTHER',
]);
