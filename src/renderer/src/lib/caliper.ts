/**
 * Calipers on the strip: what a drag between two points of the paper measures.
 */
import type { StripLayout } from './paper-grid';

/** A point on the paper, in CSS px from its top-left corner. */
export interface PaperPoint {
  x: number;
  y: number;
}

/** The caliper's reading. */
export interface CaliperReading {
  /** Time between the two points, in ms (≥ 0). */
  dtMs: number;
  /** Amplitude from the first point to the second, in mV (positive when the second is higher). */
  dMv: number;
  /** Heart rate of an RR interval of `dtMs`, in bpm; null for Δt = 0. */
  hrBpm: number | null;
}

/**
 * Reads the caliper between two points.
 * @param from - where the drag started
 * @param to - where it is now
 * @param layout - the strip's layout (its px per s and the height of 1 mV)
 * @returns Δt, ΔmV and the rate 60 000 / Δt
 */
export function caliperReading(from: PaperPoint, to: PaperPoint, layout: Pick<StripLayout, 'pxPerS' | 'calibration'>): CaliperReading {
  const dtMs = (Math.abs(to.x - from.x) / layout.pxPerS) * 1000;
  return {
    dtMs,
    dMv: (from.y - to.y) / layout.calibration.heightPx,
    hrBpm: dtMs > 0 ? 60_000 / dtMs : null,
  };
}
