import { describe, expect, it } from 'vitest';
import { ATTENTION_MAX_ALPHA, drawStrip, PAPER_COLOURS, type StripContext } from '../../../../src/renderer/src/lib/draw-strip';
import { stripLayout } from '../../../../src/renderer/src/lib/paper-grid';

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

  it('draws 1 mV above the lead baseline 10 mm above the band centre, and lifts the pen at NaN', () => {
    const { ctx, strokes } = recorder();
    drawStrip(ctx, {
      layout,
      pxPerSample: 2,
      leads: [
        { units: 'mV', samples: new Float32Array([0, 0, 1, 0, 0]) },
        { units: 'uV', samples: new Float32Array([500, 500, 1500, NaN, 500]) },
      ],
      attention: null,
      devicePixelRatio: 1,
    });
    const traces = strokes.filter((s) => s.style === PAPER_COLOURS.trace);
    expect(traces).toHaveLength(2);
    const centre0 = layout.leadHeightPx / 2;
    const [first, second] = traces;
    expect(first?.ops.map((op) => op[0])).toEqual(['M', 'L', 'L', 'L', 'L']);
    expect(first?.ops[2]?.[1]).toBe(4);
    expect(first?.ops[2]?.[2]).toBeCloseTo(centre0 - 10 * pxPerMm, 9);
    expect(first?.ops[4]?.[2]).toBeCloseTo(centre0, 9);
    const centre1 = 1.5 * layout.leadHeightPx;
    expect(second?.ops.map((op) => op[0])).toEqual(['M', 'L', 'L', 'M']);
    expect(second?.ops[2]?.[2]).toBeCloseTo(centre1 - 10 * pxPerMm, 9);
    expect(second?.ops[3]?.[1]).toBe(8);
  });

  it('strokes 251 vertical and 81 horizontal grid lines for 250 mm × 80 mm, every 5th one major', () => {
    const { ctx, strokes } = recorder();
    drawStrip(ctx, { layout, pxPerSample: 1, leads: [], attention: null, devicePixelRatio: 1 });
    const lines = (style: string) => (strokes.find((s) => s.style === style)?.ops.length ?? 0) / 2;
    expect(lines(PAPER_COLOURS.major)).toBe(51 + 17);
    expect(lines(PAPER_COLOURS.minor)).toBe(251 - 51 + (81 - 17));
  });

  it('shades attention columns under the grid in proportion to the attention value', () => {
    const { ctx, fills } = recorder();
    drawStrip(ctx, {
      layout,
      pxPerSample: 1,
      leads: [],
      attention: { values: new Float32Array([1, 0, 0.5]), stepSamples: 10, rgb: [0, 114, 178] },
      devicePixelRatio: 1,
    });
    const shaded = fills.filter((f) => f.style.startsWith('rgba(0, 114, 178'));
    expect(shaded.map((f) => f.rect[0])).toEqual([0, 20]);
    expect(shaded[0]?.style).toBe(`rgba(0, 114, 178, ${ATTENTION_MAX_ALPHA.toFixed(3)})`);
    expect(shaded[1]?.style).toBe(`rgba(0, 114, 178, ${(ATTENTION_MAX_ALPHA / 2).toFixed(3)})`);
  });
});
