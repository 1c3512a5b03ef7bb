/**
 * Paints the detail strip on a canvas: paper, attention shading, 1 mm / 5 mm grid and one trace per lead,
 * using the geometry of `paper-grid.ts`.
 */
import { attentionCells } from './attention-cells';
import { leadBaseline, millivoltsPerUnit } from './lead-scaling';
import { ECG_PAPER, gridLines, millivoltsToPx, type StripLayout } from './paper-grid';

/** Colours of the paper. */
export const PAPER_COLOURS = Object.freeze({
  paper: '#fff7f5',
  minor: 'rgba(232, 112, 112, 0.30)',
  major: 'rgba(206, 48, 48, 0.60)',
  trace: '#101418',
});

/** Largest opacity of the attention shading (at attention 1). */
export const ATTENTION_MAX_ALPHA = 0.38;

/** What to paint. */
export interface StripPaintSpec {
  layout: StripLayout;
  /** CSS px per sample along the time axis. */
  pxPerSample: number;
  leads: readonly { units: string; samples: Float32Array }[];
  /** Shading to paint under the grid, or null for none. */
  attention: { values: Float32Array; stepSamples: number; rgb: readonly [number, number, number] } | null;
  /** Device pixels per CSS px. */
  devicePixelRatio: number;
}

/** The 2D-context members the painter uses (a structural subset of `CanvasRenderingContext2D`, so tests can record calls). */
export interface StripContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: 'round' | 'bevel' | 'miter';
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

/**
 * Paints the whole strip; the context's canvas must be `layout.widthPx × layout.heightPx` CSS px scaled by the ratio.
 * Each lead is drawn at 10 mm/mV around its band's centre line, centred on its median (see `leadBaseline`);
 * NaN samples lift the pen.
 * @param ctx - 2D context of the strip canvas
 * @param spec - geometry, leads and optional attention shading
 */
export function drawStrip(ctx: StripContext, spec: StripPaintSpec): void {
  const { layout, pxPerSample, devicePixelRatio: dpr } = spec;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = PAPER_COLOURS.paper;
  ctx.fillRect(0, 0, layout.widthPx, layout.heightPx);

  if (spec.attention) {
    const [r, g, b] = spec.attention.rgb;
    const nSamples = Math.round(layout.widthPx / pxPerSample);
    for (const cell of attentionCells(spec.attention.values, spec.attention.stepSamples, nSamples, pxPerSample)) {
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${(cell.value * ATTENTION_MAX_ALPHA).toFixed(3)})`;
      ctx.fillRect(cell.x, 0, cell.width, layout.heightPx);
    }
  }

  strokeGrid(ctx, spec, false);
  strokeGrid(ctx, spec, true);

  ctx.strokeStyle = PAPER_COLOURS.trace;
  ctx.lineWidth = Math.max(1, 1.1 * (layout.pxPerMm / ECG_PAPER.pxPerMm));
  ctx.lineJoin = 'round';
  spec.leads.forEach((lead, index) => {
    const scale = millivoltsPerUnit(lead.units);
    const baseline = leadBaseline(lead.samples);
    const centreY = (index + 0.5) * layout.leadHeightPx;
    ctx.beginPath();
    let penDown = false;
    for (let i = 0; i < lead.samples.length; i++) {
      const value = lead.samples[i] as number;
      if (!Number.isFinite(value)) {
        penDown = false;
        continue;
      }
      const x = i * pxPerSample;
      const y = centreY - millivoltsToPx((value - baseline) * scale, layout.pxPerMm);
      if (penDown) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      penDown = true;
    }
    ctx.stroke();
  });
}
