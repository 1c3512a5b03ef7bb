/**
 * Geometry of a report strip on standard ECG paper, in paper millimetres (origin top left, y down): 25 mm/s paper
 * speed and 10 mm/mV gain (IEC 60601-2-25; AHA recommendations for the standard ECG), 1 mm minor and 5 mm major grid,
 * and a 1 mV, 200 ms calibration pulse before the trace. The HTML (SVG in mm) and the PDF (mm to points) draw the same
 * geometry.
 */

/** Paper constants of the report strips. */
export interface ReportPaperConfig {
  /** Paper speed, in mm/s. */
  readonly speedMmPerS: number;
  /** Amplitude scale, in mm/mV. */
  readonly gainMmPerMv: number;
  /** Minor grid spacing, in mm. */
  readonly minorMm: number;
  /** Major grid spacing, in mm. */
  readonly majorMm: number;
  /** Strip height, in mm (a whole number of major squares; 30 mm leaves ±1.5 mV around the baseline). */
  readonly heightMm: number;
  /** Width of the calibration pulse's area before the trace, in mm. */
  readonly calibrationAreaMm: number;
  /** Calibration pulse amplitude, in mV. */
  readonly calibrationMv: number;
  /** Calibration pulse duration, in s. */
  readonly calibrationS: number;
}

/** Standard paper: 25 mm/s, 10 mm/mV, 1/5 mm grid, 30 mm strips, 1 mV × 200 ms pulse in a 10 mm area. */
export const REPORT_PAPER: ReportPaperConfig = Object.freeze({
  speedMmPerS: 25,
  gainMmPerMv: 10,
  minorMm: 1,
  majorMm: 5,
  heightMm: 30,
  calibrationAreaMm: 10,
  calibrationMv: 1,
  calibrationS: 0.2,
});

/** A point on the paper, [x, y] in mm. */
export type PaperPoint = readonly [number, number];

/** Everything a strip draws, in paper mm. */
export interface PaperStripGeometry {
  readonly widthMm: number;
  readonly heightMm: number;
  /** x of each minor (not major) vertical grid line. */
  readonly minorX: readonly number[];
  /** y of each minor (not major) horizontal grid line. */
  readonly minorY: readonly number[];
  /** x of the major vertical grid lines (every `majorMm`). */
  readonly majorX: readonly number[];
  /** y of the major horizontal grid lines. */
  readonly majorY: readonly number[];
  /** The calibration pulse as a polyline. */
  readonly calibration: readonly PaperPoint[];
  /** The trace as polylines, broken where the signal has no valid sample; clipped to the strip's height. */
  readonly trace: readonly (readonly PaperPoint[])[];
  /** x of each beat mark, with its label. */
  readonly beatMarks: readonly { readonly xMm: number; readonly label: string }[];
}

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * Lays out one strip: grid, calibration pulse and trace on the baseline at mid-height.
 * @param mv - the lead, in mV (NaN where invalid), sampled at `fsHz` from `startSample`.
 * @param fsHz - sampling frequency, in Hz (> 0).
 * @param startSample - sample of `mv[0]` (beat marks are placed relative to it).
 * @param beats - beats to mark: sample (0-based, in the record) and label.
 * @param paper - paper constants.
 * @returns the geometry in mm (coordinates rounded to 0.01 mm).
 * @throws RangeError on a sampling frequency that is not a positive finite number.
 */
export function paperStrip(
  mv: Float32Array,
  fsHz: number,
  startSample: number,
  beats: readonly { readonly sample: number; readonly label: string }[],
  paper: ReportPaperConfig = REPORT_PAPER,
): PaperStripGeometry {
  if (!(Number.isFinite(fsHz) && fsHz > 0)) throw new RangeError(`paperStrip: sampling frequency ${fsHz} Hz is not positive`);
  const mmPerSample = paper.speedMmPerS / fsHz;
  const x0 = paper.calibrationAreaMm;
  const widthMm = x0 + mv.length * mmPerSample;
  const heightMm = paper.heightMm;
  const baseline = heightMm / 2;
  const lines = (extent: number, step: number, major: boolean): number[] => {
    const out: number[] = [];
    const ratio = Math.round(paper.majorMm / paper.minorMm);
    for (let k = 0; k * step <= extent + 1e-9; k++) {
      const isMajor = step === paper.majorMm || k % ratio === 0;
      if (major || !isMajor) out.push(round(k * step));
    }
    return out;
  };
  const pulseMm = paper.calibrationMv * paper.gainMmPerMv;
  const pulseX = (x0 - paper.calibrationS * paper.speedMmPerS) / 2;
  const calibration: PaperPoint[] = [
    [0, baseline],
    [pulseX, baseline],
    [pulseX, baseline - pulseMm],
    [round(pulseX + paper.calibrationS * paper.speedMmPerS), baseline - pulseMm],
    [round(pulseX + paper.calibrationS * paper.speedMmPerS), baseline],
    [x0, baseline],
  ];
  const trace: PaperPoint[][] = [];
  let current: PaperPoint[] = [];
  for (let i = 0; i < mv.length; i++) {
    const v = mv[i] as number;
    if (!Number.isFinite(v)) {
      if (current.length > 0) trace.push(current);
      current = [];
      continue;
    }
    const y = Math.min(heightMm, Math.max(0, baseline - v * paper.gainMmPerMv));
    current.push([round(x0 + i * mmPerSample), round(y)]);
  }
  if (current.length > 0) trace.push(current);
  return {
    widthMm: round(widthMm),
    heightMm,
    minorX: lines(widthMm, paper.minorMm, false),
    minorY: lines(heightMm, paper.minorMm, false),
    majorX: lines(widthMm, paper.majorMm, true),
    majorY: lines(heightMm, paper.majorMm, true),
    calibration,
    trace,
    beatMarks: beats.map((b) => ({ xMm: round(x0 + (b.sample - startSample) * mmPerSample), label: b.label })),
  };
}
