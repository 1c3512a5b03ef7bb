import type { Annotation } from '../../../../../src/main/core/wfdb/annotations';

/**
 * A hand-made annotation for tests: chan, num and subtype 0.
 * @param sample - 0-based sample
 * @param symbol - WFDB mnemonic
 * @param aux - aux string (e.g. '(AFIB'), default none
 * @returns the annotation
 */
export function annotationAt(sample: number, symbol: string, aux: string | null = null): Annotation {
  return { sample, symbol, subtype: 0, chan: 0, num: 0, aux };
}
