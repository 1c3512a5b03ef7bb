/**
 * Record sets of the Holter rhythm evaluation (scripts/eval-holter-rhythm.ts) and of the VF detector's
 * tuning (scripts/tune-vf-detector.ts), fixed here so that tuning and evaluation cannot drift apart.
 */
export const HOLTER_RHYTHM_SETS = Object.freeze({
  /** the MIT-BIH Arrhythmia Database records with `(AFIB` episodes: the AF evaluation set, never tuned on */
  mitdbAf: Object.freeze(['201', '202', '203', '210', '217', '219', '221', '222']),
  /**
   * vfdb records with `(AFIB` episodes (423, 609, 615): the AF positives of the Holter AF tuning set,
   * whose negatives are the 40 mitdb records not in mitdbAf (scripts/tune-af-holter.ts)
   */
  vfdbAfTuning: Object.freeze(['423', '609', '615']),
  /** vfdb records the VF detector's thresholds were chosen on: every other record in name order, from the first */
  vfdbTuning: Object.freeze(['418', '420', '422', '424', '426', '428', '430', '605', '609', '611', '614']),
  /** the other vfdb records, held out from VF tuning */
  vfdbHeldOut: Object.freeze(['419', '421', '423', '425', '427', '429', '602', '607', '610', '612', '615']),
});
