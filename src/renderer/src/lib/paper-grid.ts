/**
 * Geometry of the ECG paper strip: the standard 25 mm/s paper speed and 10 mm/mV gain
 * (IEC 60601-2-25 / AHA recommendations for the standard ECG display), 1 mm minor and 5 mm major grid lines,
 * mapped to CSS pixels through the CSS reference of 96 px per inch (CSS Values and Units Level 3, §5.2).
 */

/** Paper constants. */
export interface PaperConfig {
  /** CSS px per mm at zoom 1: 96 px/in ÷ 25.4 mm/in. */
  pxPerMm: number;
  /** Paper speed, in mm/s. */
  speedMmPerS: number;
  /** Amplitude scale, in mm/mV. */
  gainMmPerMv: number;
  /** Minor grid spacing, in mm. */
  minorMm: number;
  /** Major grid spacing, in mm (every 5th minor line). */
  majorMm: number;
  /** Height of each lead's band by lead count (entry k for k + 1 leads), in mm; 40 mm leaves ±2 mV around the baseline. */
  leadHeightsMm: readonly number[];
  /** Height of each lead's band for more leads than `leadHeightsMm` lists, in mm. */
  compactLeadHeightMm: number;
  /** Length of the 1 mV calibration pulse drawn at the start of each lead, in s (0.2 s: 5 mm at 25 mm/s). */
  calibrationPulseS: number;
  /** Paper left blank before and after the calibration pulse, in mm. */
  calibrationPadMm: number;
}

/** The standard paper: 25 mm/s, 10 mm/mV, 1/5 mm grid, 96 dpi. */
export const ECG_PAPER: Readonly<PaperConfig> = Object.freeze({
  pxPerMm: 96 / 25.4,
  speedMmPerS: 25,
  gainMmPerMv: 10,
  minorMm: 1,
  majorMm: 5,
  leadHeightsMm: Object.freeze([40, 40, 30]),
  compactLeadHeightMm: 20,
  calibrationPulseS: 0.2,
  calibrationPadMm: 2,
});

/**
 * The paper at another speed and gain (the technician's choice; e.g. 12.5/25/50 mm/s, 5/10/20 mm/mV).
 * @param speedMmPerS - paper speed, in mm/s (> 0)
 * @param gainMmPerMv - amplitude scale, in mm/mV (> 0)
 * @param base - the paper to start from
 * @throws RangeError on a non-positive speed or gain
 */
export function paperAt(speedMmPerS: number, gainMmPerMv: number, base: Readonly<PaperConfig> = ECG_PAPER): Readonly<PaperConfig> {
  if (!(speedMmPerS > 0) || !(gainMmPerMv > 0)) {
    throw new RangeError(`paperAt: speed ${speedMmPerS} mm/s and gain ${gainMmPerMv} mm/mV must be positive`);
  }
  return Object.freeze({ ...base, speedMmPerS, gainMmPerMv });
}

/**
 * Width of the paper before the trace: the calibration pulse with its padding on both sides.
 * @returns mm of paper
 */
export function calibrationMarginMm(paper: Readonly<PaperConfig> = ECG_PAPER): number {
  return paper.calibrationPulseS * paper.speedMmPerS + 2 * paper.calibrationPadMm;
}

/** Size of a strip in paper mm and CSS px. */
export interface StripLayout {
  /** CSS px per paper mm at this zoom. */
  pxPerMm: number;
  /** Paper width, in mm (calibration margin and trace). */
  widthMm: number;
  /** Paper width, in CSS px. */
  widthPx: number;
  /** Where the trace's first sample is drawn, in CSS px from the paper's left edge (after the calibration pulse). */
  traceLeftPx: number;
  /** CSS px per second of trace. */
  pxPerS: number;
  /** The 1 mV calibration pulse: left edge and width along the paper, and height, in CSS px. */
  calibration: { leftPx: number; widthPx: number; heightPx: number };
  /** Height of one lead's band, in mm (a whole number of major squares). */
  leadHeightMm: number;
  /** Height of one lead's band, in CSS px. */
  leadHeightPx: number;
  /** Height of all lead bands, in CSS px. */
  heightPx: number;
}

/**
 * Lays out a strip of `durationS` seconds and `nLeads` leads, after a calibration margin (see {@link calibrationMarginMm}).
 * @param durationS - strip length, in s (> 0)
 * @param nLeads - number of leads stacked vertically (≥ 1)
 * @param zoom - display magnification (1 = true size on a 96 dpi screen; > 0)
 * @param paper - paper constants
 * @throws RangeError on a non-positive duration, zoom or lead count
 */
export function stripLayout(durationS: number, nLeads: number, zoom: number, paper: Readonly<PaperConfig> = ECG_PAPER): StripLayout {
  if (!(durationS > 0) || !(zoom > 0) || !(nLeads >= 1)) {
    throw new RangeError(`stripLayout: duration ${durationS} s, ${nLeads} leads, zoom ${zoom} must all be positive`);
  }
  const pxPerMm = paper.pxPerMm * zoom;
  const marginMm = calibrationMarginMm(paper);
  const widthMm = marginMm + durationS * paper.speedMmPerS;
  const leadHeightMm = paper.leadHeightsMm[nLeads - 1] ?? paper.compactLeadHeightMm;
  return {
    pxPerMm,
    widthMm,
    widthPx: widthMm * pxPerMm,
    traceLeftPx: marginMm * pxPerMm,
    pxPerS: paper.speedMmPerS * pxPerMm,
    calibration: {
      leftPx: paper.calibrationPadMm * pxPerMm,
      widthPx: paper.calibrationPulseS * paper.speedMmPerS * pxPerMm,
      heightPx: paper.gainMmPerMv * pxPerMm,
    },
    leadHeightMm,
    leadHeightPx: leadHeightMm * pxPerMm,
    heightPx: nLeads * leadHeightMm * pxPerMm,
  };
}

/**
 * The zoom at which a strip (calibration margin included) fills a given width.
 * @param availableWidthPx - room for the paper, in CSS px
 * @param durationS - strip length, in s (> 0)
 * @param limits - smallest and largest zoom allowed
 * @param paper - paper constants (speed, calibration margin)
 * @returns the zoom, clamped to the limits (the smallest for a non-positive width)
 */
export function zoomToFit(
  availableWidthPx: number,
  durationS: number,
  limits: { min: number; max: number },
  paper: Readonly<PaperConfig> = ECG_PAPER,
): number {
  const zoom = availableWidthPx / ((calibrationMarginMm(paper) + durationS * paper.speedMmPerS) * paper.pxPerMm);
  return Number.isFinite(zoom) ? Math.min(limits.max, Math.max(limits.min, zoom)) : limits.min;
}

/**
 * How many seconds of trace a width of screen shows, so that paging by exactly that span leaves no second unseen.
 * @param availableWidthPx - room for the paper, in CSS px
 * @param zoom - display magnification (> 0)
 * @param limits - shortest and longest span, in s (the longest is the server's per-request cap)
 * @param paper - paper constants (speed, calibration margin)
 * @returns whole seconds that fit (a hair of rounding error forgiven), clamped to the limits
 */
export function visibleSpanS(
  availableWidthPx: number,
  zoom: number,
  limits: { min: number; max: number },
  paper: Readonly<PaperConfig> = ECG_PAPER,
): number {
  const traceMm = availableWidthPx / (paper.pxPerMm * zoom) - calibrationMarginMm(paper);
  const seconds = Math.floor(traceMm / paper.speedMmPerS + 1e-6);
  return Number.isFinite(seconds) ? Math.min(limits.max, Math.max(limits.min, seconds)) : limits.min;
}

/** One grid line: its offset in CSS px from the paper's edge and whether it is a major (5 mm) line. */
export interface GridLine {
  px: number;
  major: boolean;
}

/**
 * The grid lines across a paper length, one every `minorMm`, from 0 to `lengthMm` inclusive.
 * @param lengthMm - paper length along the axis, in mm (≥ 0)
 * @param pxPerMm - CSS px per mm
 * @param paper - paper constants (grid spacings)
 * @returns lines in increasing order; every `majorMm / minorMm`-th line (counting from 0) is major
 */
export function gridLines(lengthMm: number, pxPerMm: number, paper: Readonly<PaperConfig> = ECG_PAPER): GridLine[] {
  const perMajor = Math.round(paper.majorMm / paper.minorMm);
  const count = Math.floor(lengthMm / paper.minorMm + 1e-9);
  const lines: GridLine[] = [];
  for (let i = 0; i <= count; i++) lines.push({ px: i * paper.minorMm * pxPerMm, major: i % perMajor === 0 });
  return lines;
}

/**
 * Horizontal offset of a time on the strip.
 * @param seconds - time from the strip's left edge, in s
 * @param pxPerMm - CSS px per mm
 * @returns CSS px from the left edge
 */
export function secondsToPx(seconds: number, pxPerMm: number, paper: Readonly<PaperConfig> = ECG_PAPER): number {
  return seconds * paper.speedMmPerS * pxPerMm;
}

/**
 * Vertical size of an amplitude on the strip.
 * @param millivolts - amplitude, in mV
 * @param pxPerMm - CSS px per mm
 * @returns CSS px (positive up; callers flip for screen coordinates)
 */
export function millivoltsToPx(millivolts: number, pxPerMm: number, paper: Readonly<PaperConfig> = ECG_PAPER): number {
  return millivolts * paper.gainMmPerMv * pxPerMm;
}
