/**
 * Tunable parameters of the review screens.
 */

/** Review-screen parameters. */
export interface ReviewConfig {
  /** Length of the detail strip, in s. */
  stripS: number;
  /** Beats whose model confidence is below this are marked as uncertain (0..1). */
  lowConfidence: number;
  /** Span fetched per step when searching for the next beat of a class outside the strip, in s. */
  searchChunkS: number;
  /** Where a beat reached by stepping past the strip's edge lands, in s from the near edge. */
  stepLandingS: number;
  /** A click on the paper selects the nearest beat within this distance, in s. */
  clickSelectS: number;
  /** Zoom levels offered for the strip (1 = true size at 96 dpi). */
  zoomLevels: readonly number[];
}

/** Defaults of the review screens. */
export const REVIEW_CONFIG: Readonly<ReviewConfig> = Object.freeze({
  stripS: 10,
  lowConfidence: 0.6,
  searchChunkS: 60,
  stepLandingS: 1,
  clickSelectS: 0.2,
  zoomLevels: Object.freeze([0.75, 1, 1.25, 1.5, 2]),
});
