/**
 * The QRS detector the analysis pipeline uses: {@link detectQrs} of `hamilton-2002.ts` on one lead
 * (Hamilton 2002, doi:10.1109/CIC.2002.1166717). Importing from here keeps the pipeline independent of
 * which published detector is chosen.
 */
export { DEFAULT_QRS_CONFIG, detectQrs, QRS_DETECTOR_NAME, type QrsDetectorConfig } from './hamilton-2002';
