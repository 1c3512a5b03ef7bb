/**
 * Tunable parameters of the review screens.
 */

/** Review-screen parameters. */
export interface ReviewConfig {
  /** Length of the detail strip at 25 mm/s and "fit width" zoom, in s. */
  stripS: number;
  /** Strip pages fetched ahead of the one shown, so that paging forward never waits for the server. */
  stripPagesAhead: number;
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
  /** Paper speeds offered, in mm/s. */
  speedsMmPerS: readonly number[];
  /** Gains offered, in mm/mV. */
  gainsMmPerMv: readonly number[];
  /** Shortest strip span, in s (the longest is the server's `MAX_WINDOW_S`). */
  minSpanS: number;
  /** Full disclosure: seconds per row (at most the server's `MAX_WINDOW_S`, so each row is one request). */
  disclosureRowS: number;
  /** Full disclosure: rows per page. */
  disclosureRows: number;
  /** Full disclosure paper: speed before fitting to the width, in mm/s, gain in mm/mV, row height in mm. */
  disclosurePaper: { speedMmPerS: number; gainMmPerMv: number; rowHeightMm: number };
  /** Audit rows the record screen loads and lists (the latest ones; a template relabel writes one per beat). */
  auditRows: number;
  /** Templates the panel lists per class (largest first), and the superimposed beats each thumbnail draws. */
  templatesListed: number;
  templateThumbnailBeats: number;
}

/** Defaults of the review screens. */
export const REVIEW_CONFIG: Readonly<ReviewConfig> = Object.freeze({
  stripS: 10,
  stripPagesAhead: 2,
  lowConfidence: 0.6,
  stepLandingS: 1,
  clickSelectS: 0.2,
  zoomLevels: Object.freeze([0.75, 1, 1.25, 1.5, 2]),
  fitZoom: Object.freeze({ min: 0.75, max: 3 }),
  speedsMmPerS: Object.freeze([12.5, 25, 50]),
  gainsMmPerMv: Object.freeze([5, 10, 20]),
  minSpanS: 1,
  disclosureRowS: 60,
  disclosureRows: 8,
  disclosurePaper: Object.freeze({ speedMmPerS: 5, gainMmPerMv: 5, rowHeightMm: 15 }),
  auditRows: 200,
  templatesListed: 30,
  templateThumbnailBeats: 6,
});
