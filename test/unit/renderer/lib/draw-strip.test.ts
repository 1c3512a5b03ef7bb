import { describe, expect, it } from 'vitest';
import { ATTENTION_MAX_ALPHA, drawStrip, PAPER_COLOURS, type StripContext } from '../../../../src/renderer/src/lib/draw-strip';
import { ECG_PAPER, paperAt, stripLayout } from '../../../../src/renderer/src/lib/paper-grid';

type Op = ['M' | 'L', number, number];

/** A context that records each stroked path with the colour it was stroked in. */
function recorder() {
  const strokes: { style: string; ops: Op[] }[] = [];
  const fills: { style: string; rect: number[] }[] = [];
  let ops: Op[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform() {},
    fillRect(x: number, y: number, w: number, h: number) {
      fills.push({ style: String(ctx.fillStyle), rect: [x, y, w, h] });
    },
    beginPath() {
      ops = [];
    },
    moveTo(x: number, y: number) {
      ops.push(['M', x, y]);
    },
    lineTo(x: number, y: number) {
      ops.push(['L', x, y]);
    },
    stroke() {
      strokes.push({ style: String(ctx.strokeStyle), ops });
    },
  };
  return { ctx: ctx as unknown as StripContext, strokes, fills, lineWidth: () => ctx.lineWidth };
}

/**
 * A lead's stroke split into its pen passes (each the same sequence of moves and lines, shifted), and the pass their
 * mean draws: the shifts are symmetric, so the mean is the trace itself.
 */
function passesOf(ops: Op[], count: number): { passes: Op[][]; mean: Op[] } {
  const perPass = ops.length / count;
  const passes = Array.from({ length: count }, (_, k) => ops.slice(k * perPass, (k + 1) * perPass));
  const mean = (passes[0] ?? []).map((op, i): Op => {
    const at = passes.map((pass) => pass[i] as Op);
    return [op[0], at.reduce((sum, o) => sum + o[1], 0) / count, at.reduce((sum, o) => sum + o[2], 0) / count];
  });
  return { passes, mean };
}

describe('strip painter', () => {
  const layout = stripLayout(10, 2, 1);
  const pxPerMm = layout.pxPerMm;

  it('draws 1 mV above the lead baseline 10 mm above the band centre after the calibration pulse, and lifts the pen at NaN', () => {
    const { ctx, strokes } = recorder();
    drawStrip(ctx, {
      layout,
      paper: ECG_PAPER,
      pxPerSample: 2,
      leads: [
        { units: 'mV', samples: new Float32Array([0, 0, 1, 0, 0]) },
        { units: 'uV', samples: new Float32Array([500, 500, 1500, NaN, 500]) },
      ],
      attention: [],
      devicePixelRatio: 1,
    });
    const traces = strokes.filter((s) => s.style === PAPER_COLOURS.trace);
    expect(traces).toHaveLength(2);
    const centre0 = layout.leadHeightPx / 2;
    // a 1.1 px pen at zoom 1: 4 hairline passes (shifted ±0.05 px on x, then on y)
    const first = passesOf(traces[0]?.ops ?? [], 4);
    const second = passesOf(traces[1]?.ops ?? [], 4);
    const pulse = ['M', 'L', 'L', 'L', 'L', 'L'];
    const left = layout.traceLeftPx;
    for (const pass of first.passes) expect(pass.map((op) => op[0])).toEqual([...pulse, 'M', 'L', 'L', 'L', 'L']);
    expect(first.mean[2]?.[2]).toBeCloseTo(centre0 - 10 * pxPerMm, 9);
    expect(first.mean[8]?.[1]).toBeCloseTo(left + 4, 9);
    expect(first.mean[8]?.[2]).toBeCloseTo(centre0 - 10 * pxPerMm, 9);
    expect(first.mean[10]?.[2]).toBeCloseTo(centre0, 9);
    const centre1 = 1.5 * layout.leadHeightPx;
    for (const pass of second.passes) expect(pass.map((op) => op[0])).toEqual([...pulse, 'M', 'L', 'L', 'M']);
    expect(second.mean[8]?.[2]).toBeCloseTo(centre1 - 10 * pxPerMm, 9);
    expect(second.mean[9]?.[1]).toBeCloseTo(left + 8, 9);
    for (const pass of first.passes) {
      expect(Math.abs((pass[8]?.[1] ?? 0) - (first.mean[8]?.[1] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs((pass[8]?.[2] ?? 0) - (first.mean[8]?.[2] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('scales the calibration pulse and the trace together with the gain, and the pulse width with the speed', () => {
    for (const [speed, gain] of [
      [12.5, 5],
      [50, 20],
    ] as const) {
      const paper = paperAt(speed, gain);
      const scaled = stripLayout(10, 1, 1, paper);
      const { ctx, strokes } = recorder();
      drawStrip(ctx, {
        layout: scaled,
        paper,
        pxPerSample: 1,
        leads: [{ units: 'mV', samples: new Float32Array([0, 1, 0]) }],
        attention: [],
        devicePixelRatio: 1,
      });
      const ops = passesOf(strokes.find((s) => s.style === PAPER_COLOURS.trace)?.ops ?? [], 4).mean;
      const centre = scaled.leadHeightPx / 2;
      const [, up, top, topEnd] = ops;
      expect(centre - (top?.[2] ?? 0)).toBeCloseTo(gain * pxPerMm, 9);
      expect((topEnd?.[1] ?? 0) - (up?.[1] ?? 0)).toBeCloseTo(0.2 * speed * pxPerMm, 9);
      expect(centre - (ops[7]?.[2] ?? 0)).toBeCloseTo(gain * pxPerMm, 9);
    }
  });

  it('draws a wider pen (zoom 1.5 on a 2x screen: 1.65 CSS px, 3.3 device px) as 8 one-device-pixel hairline passes, each within 1.15 device px of the trace', () => {
    const zoomed = stripLayout(10, 1, 1.5);
    const { ctx, strokes, lineWidth } = recorder();
    const samples = new Float32Array([0, 0, 1, 0, 0]);
    drawStrip(ctx, {
      layout: zoomed,
      paper: ECG_PAPER,
      pxPerSample: 3,
      leads: [{ units: 'mV', samples }],
      attention: [],
      devicePixelRatio: 2,
    });
    expect(lineWidth()).toBe(0.5);
    const { passes, mean } = passesOf(strokes.find((s) => s.style === PAPER_COLOURS.trace)?.ops ?? [], 8);
    expect(mean[7]?.[1]).toBeCloseTo(zoomed.traceLeftPx + 3, 9);
    expect(mean[8]?.[2]).toBeCloseTo(zoomed.leadHeightPx / 2 - 10 * zoomed.pxPerMm, 9);
    const shifts = passes.map((pass) => [(pass[8]?.[1] ?? 0) - (mean[8]?.[1] ?? 0), (pass[8]?.[2] ?? 0) - (mean[8]?.[2] ?? 0)]);
    for (const [dx, dy] of shifts) {
      expect(Math.min(Math.abs(dx ?? 0), Math.abs(dy ?? 0))).toBeCloseTo(0, 9);
      expect(Math.max(Math.abs(dx ?? 0), Math.abs(dy ?? 0)) * 2).toBeLessThanOrEqual(1.15 + 1e-9);
    }
  });

  it('strokes 260 vertical and 81 horizontal grid lines for 259 mm × 80 mm, every 5th one major', () => {
    const { ctx, strokes } = recorder();
    drawStrip(ctx, { layout, paper: ECG_PAPER, pxPerSample: 1, leads: [], attention: [], devicePixelRatio: 1 });
    const lines = (style: string) => (strokes.find((s) => s.style === style)?.ops.length ?? 0) / 2;
    expect(lines(PAPER_COLOURS.major)).toBe(52 + 17);
    expect(lines(PAPER_COLOURS.minor)).toBe(260 - 52 + (81 - 17));
  });

  it('shades each attention overlay under the grid, from the trace start, in proportion to the attention value', () => {
    const { ctx, fills } = recorder();
    drawStrip(ctx, {
      layout,
      paper: ECG_PAPER,
      pxPerSample: 1,
      leads: [],
      attention: [
        { values: new Float32Array([1, 0, 0.5]), stepSamples: 10, rgb: [0, 114, 178] },
        { values: new Float32Array([0, 1]), stepSamples: 10, rgb: [0, 158, 115] },
      ],
      devicePixelRatio: 1,
    });
    const shaded = fills.filter((f) => f.style.startsWith('rgba(0, 114, 178'));
    expect(shaded.map((f) => f.rect[0])).toEqual([layout.traceLeftPx, layout.traceLeftPx + 20]);
    const rhythm = fills.filter((f) => f.style.startsWith('rgba(0, 158, 115'));
    expect(rhythm.map((f) => f.rect[0])).toEqual([layout.traceLeftPx + 10]);
    expect(shaded[0]?.style).toBe(`rgba(0, 114, 178, ${ATTENTION_MAX_ALPHA.toFixed(3)})`);
    expect(shaded[1]?.style).toBe(`rgba(0, 114, 178, ${(ATTENTION_MAX_ALPHA / 2).toFixed(3)})`);
  });
});
