/**
 * Paints the detail strip on a canvas: paper, attention shading, 1 mm / 5 mm grid, and per lead a 1 mV calibration
 * pulse followed by its trace, using the geometry of `paper-grid.ts`.
 */
import { attentionCells } from './attention-cells';
import { leadBaseline, millivoltsPerUnit } from './lead-scaling';
import { ECG_PAPER, gridLines, millivoltsToPx, type PaperConfig, type StripLayout } from './paper-grid';
import { penPasses } from './pen-passes';

/** Colours of the paper. */
export const PAPER_COLOURS = Object.freeze({
  paper: '#fff7f5',
  minor: 'rgba(232, 112, 112, 0.30)',
  major: 'rgba(206, 48, 48, 0.60)',
  trace: '#101418',
});

/** Largest opacity of the attention shading (at attention 1). */
export const ATTENTION_MAX_ALPHA = 0.38;

/** One attention overlay: values 0..1, one per `stepSamples` samples from the trace start, shaded in `rgb`. */
export interface AttentionShading {
  values: Float32Array;
  stepSamples: number;
  rgb: readonly [number, number, number];
}

/** What to paint. */
export interface StripPaintSpec {
  /** Layout made with the same `paper` (see `stripLayout`). */
  layout: StripLayout;
  /** Paper speed and gain the layout was made for (the gain scales the traces). */
  paper: Readonly<PaperConfig>;
  /** CSS px per sample along the time axis. */
  pxPerSample: number;
  leads: readonly { units: string; samples: Float32Array }[];
  /** Shadings to paint under the grid, in order (none, beat, rhythm or both). */
  attention: readonly AttentionShading[];
  /** Device pixels per CSS px. */
  devicePixelRatio: number;
}

/** The 2D-context members the painter uses (a structural subset of `CanvasRenderingContext2D`, so tests can record calls). */
export interface StripContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

function crisp(px: number, dpr: number): number {
  return (Math.round(px * dpr) + 0.5) / dpr;
}

function strokeGrid(ctx: StripContext, spec: StripPaintSpec, major: boolean): void {
  const { layout, devicePixelRatio: dpr } = spec;
  const heightMm = layout.heightPx / layout.pxPerMm;
  ctx.beginPath();
  for (const line of gridLines(layout.widthMm, layout.pxPerMm)) {
    if (line.major !== major) continue;
    const x = crisp(line.px, dpr);
    ctx.moveTo(x, 0);
    ctx.lineTo(x, layout.heightPx);
  }
  for (const line of gridLines(heightMm, layout.pxPerMm)) {
    if (line.major !== major) continue;
    const y = crisp(line.px, dpr);
    ctx.moveTo(0, y);
    ctx.lineTo(layout.widthPx, y);
  }
  ctx.strokeStyle = major ? PAPER_COLOURS.major : PAPER_COLOURS.minor;
  ctx.lineWidth = 1 / dpr;
  ctx.stroke();
}

function strokeCalibration(ctx: StripContext, layout: StripLayout, centreY: number, dx: number): void {
  const { leftPx, widthPx, heightPx } = layout.calibration;
  ctx.moveTo(dx, centreY);
  ctx.lineTo(leftPx + dx, centreY);
  ctx.lineTo(leftPx + dx, centreY - heightPx);
  ctx.lineTo(leftPx + widthPx + dx, centreY - heightPx);
  ctx.lineTo(leftPx + widthPx + dx, centreY);
  ctx.lineTo(layout.traceLeftPx + dx, centreY);
}

/** Adds one pen pass of a lead (its calibration pulse, then its trace, shifted by dx, dy CSS px) to the path. */
function traceLead(ctx: StripContext, spec: StripPaintSpec, y: Float64Array, centreY: number, dx: number, dy: number): void {
  const { layout, pxPerSample } = spec;
  strokeCalibration(ctx, layout, centreY + dy, dx);
  let penDown = false;
  for (let i = 0; i < y.length; i++) {
    const value = y[i] as number;
    if (Number.isNaN(value)) {
      penDown = false;
      continue;
    }
    const x = layout.traceLeftPx + i * pxPerSample + dx;
    if (penDown) ctx.lineTo(x, value + dy);
    else ctx.moveTo(x, value + dy);
    penDown = true;
  }
}

/**
 * Paints the whole strip; the context's canvas must be `layout.widthPx × layout.heightPx` CSS px scaled by the ratio.
 * Each lead starts with a 1 mV calibration pulse (`layout.calibration`, drawn from the band's centre line) and is
 * drawn at the paper's gain around that centre line, centred on its median (see `leadBaseline`), from
 * `layout.traceLeftPx` on; NaN samples lift the pen. The pen, 1.1 px wide at zoom 1, is drawn as one-device-pixel
 * hairline passes (see `penPasses`), one path per lead.
 * @param ctx - 2D context of the strip canvas
 * @param spec - geometry, paper, leads and attention shadings
 */
export function drawStrip(ctx: StripContext, spec: StripPaintSpec): void {
  const { layout, pxPerSample, devicePixelRatio: dpr } = spec;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = PAPER_COLOURS.paper;
  ctx.fillRect(0, 0, layout.widthPx, layout.heightPx);

  const nSamples = Math.round((layout.widthPx - layout.traceLeftPx) / pxPerSample);
  for (const shading of spec.attention) {
    const [r, g, b] = shading.rgb;
    for (const cell of attentionCells(shading.values, shading.stepSamples, nSamples, pxPerSample)) {
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${(cell.value * ATTENTION_MAX_ALPHA).toFixed(3)})`;
      ctx.fillRect(layout.traceLeftPx + cell.x, 0, cell.width, layout.heightPx);
    }
  }

  strokeGrid(ctx, spec, false);
  strokeGrid(ctx, spec, true);

  ctx.strokeStyle = PAPER_COLOURS.trace;
  const penPx = Math.max(1, 1.1 * (layout.pxPerMm / ECG_PAPER.pxPerMm)) * dpr;
  const passes = penPasses(penPx);
  ctx.lineWidth = Math.min(1, penPx) / dpr;
  spec.leads.forEach((lead, index) => {
    const scale = millivoltsPerUnit(lead.units);
    const baseline = leadBaseline(lead.samples);
    const centreY = (index + 0.5) * layout.leadHeightPx;
    // the trace's y in CSS px once (NaN where the pen lifts), then one pass per pen shift
    const y = new Float64Array(lead.samples.length);
    for (let i = 0; i < y.length; i++) {
      const value = lead.samples[i] as number;
      y[i] = Number.isFinite(value) ? centreY - millivoltsToPx((value - baseline) * scale, layout.pxPerMm, spec.paper) : NaN;
    }
    ctx.beginPath();
    for (const pass of passes) traceLead(ctx, spec, y, centreY, pass.dx / dpr, pass.dy / dpr);
    ctx.stroke();
  });
}
