/**
 * Tunable parameters of the review screens.
 */

/** Review-screen parameters. */
export interface ReviewConfig {
  /** Length of the detail strip, in s. */
  stripS: number;
  /** Beats whose model confidence is below this are marked as uncertain (0..1). */
  lowConfidence: number;
  /** Where a beat reached by stepping past the strip's edge lands, in s from the near edge. */
  stepLandingS: number;
  /** A click on the paper selects the nearest beat within this distance, in s. */
  clickSelectS: number;
  /** Zoom levels offered for the strip besides "fit width" (1 = true size at 96 dpi). */
  zoomLevels: readonly number[];
  /** Bounds of the "fit width" zoom. */
  fitZoom: { min: number; max: number };
}

/** Defaults of the review screens. */
export const REVIEW_CONFIG: Readonly<ReviewConfig> = Object.freeze({
  stripS: 10,
  lowConfidence: 0.6,
  stepLandingS: 1,
  clickSelectS: 0.2,
  zoomLevels: Object.freeze([0.75, 1, 1.25, 1.5, 2]),
  fitZoom: Object.freeze({ min: 0.75, max: 3 }),
});
