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
    lineJoin: 'miter',
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
  return { ctx: ctx as unknown as StripContext, strokes, fills };
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
    const [first, second] = traces;
    const pulse = ['M', 'L', 'L', 'L', 'L', 'L'];
    const left = layout.traceLeftPx;
    expect(first?.ops.map((op) => op[0])).toEqual([...pulse, 'M', 'L', 'L', 'L', 'L']);
    expect(first?.ops[2]?.[2]).toBeCloseTo(centre0 - 10 * pxPerMm, 9);
    expect(first?.ops[8]?.[1]).toBeCloseTo(left + 4, 9);
    expect(first?.ops[8]?.[2]).toBeCloseTo(centre0 - 10 * pxPerMm, 9);
    expect(first?.ops[10]?.[2]).toBeCloseTo(centre0, 9);
    const centre1 = 1.5 * layout.leadHeightPx;
    expect(second?.ops.map((op) => op[0])).toEqual([...pulse, 'M', 'L', 'L', 'M']);
    expect(second?.ops[8]?.[2]).toBeCloseTo(centre1 - 10 * pxPerMm, 9);
    expect(second?.ops[9]?.[1]).toBeCloseTo(left + 8, 9);
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
      const ops = strokes.find((s) => s.style === PAPER_COLOURS.trace)?.ops ?? [];
      const centre = scaled.leadHeightPx / 2;
      const [, up, top, topEnd] = ops;
      expect(centre - (top?.[2] ?? 0)).toBeCloseTo(gain * pxPerMm, 9);
      expect((topEnd?.[1] ?? 0) - (up?.[1] ?? 0)).toBeCloseTo(0.2 * speed * pxPerMm, 9);
      expect(centre - (ops[7]?.[2] ?? 0)).toBeCloseTo(gain * pxPerMm, 9);
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
