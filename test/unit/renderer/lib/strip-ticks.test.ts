import { describe, expect, it } from 'vitest';
import { paperAt, stripLayout, visibleSpanS } from '../../../../src/renderer/src/lib/paper-grid';
import { stripTicks, type StripTick } from '../../../../src/renderer/src/lib/strip-ticks';

const LABEL_PX = 56;
const GAP_PX = 10;

function ticksAt(zoom: number, speed: number, startS: number, roomPx = 1100): { ticks: StripTick[]; widthPx: number } {
  const paper = paperAt(speed, 10);
  const spanS = visibleSpanS(roomPx, zoom, { min: 1, max: 60 }, paper);
  const layout = stripLayout(spanS, 2, zoom, paper);
  const ticks = stripTicks({
    startS,
    spanS,
    pxPerS: layout.pxPerS,
    traceLeftPx: layout.traceLeftPx,
    widthPx: layout.widthPx,
    labelWidthPx: LABEL_PX,
    gapPx: GAP_PX,
  });
  return { ticks, widthPx: layout.widthPx };
}

describe('strip time labels', () => {
  it('never overlap and stay on the paper, at 75 % zoom (the reported case) and every other zoom and speed', () => {
    for (const zoom of [0.75, 1, 1.25, 1.5, 2, 3]) {
      for (const speed of [12.5, 25, 50]) {
        for (const startS of [0, 0.4, 17, 3599.5]) {
          const { ticks, widthPx } = ticksAt(zoom, speed, startS);
          expect(ticks.length, `${zoom} ${speed} ${startS}`).toBeGreaterThan(0);
          ticks.forEach((tick, i) => {
            expect(tick.left).toBeGreaterThanOrEqual(-1e-9);
            expect(tick.right).toBeLessThanOrEqual(widthPx + 1e-9);
            const previous = ticks[i - 1];
            if (previous) expect(tick.left - previous.right, `${zoom} ${speed} ${startS} #${i}`).toBeGreaterThanOrEqual(GAP_PX);
          });
        }
      }
    }
  });

  it('labels every second at 25 mm/s and 100 %, and every 2 s at 75 % of 12.5 mm/s (about 35 px per s; the 2 s label gives way to the inside-aligned 0 s one)', () => {
    const full = ticksAt(1, 25, 0).ticks.map((t) => t.timeS);
    expect(full.slice(0, 4)).toEqual([0, 1, 2, 3]);
    const slow = ticksAt(0.75, 12.5, 0).ticks.map((t) => t.timeS);
    expect(slow.slice(1, 4)).toEqual([4, 6, 8]);
  });

  it('puts ticks on whole multiples of the step at the trace position of their time', () => {
    const { ticks } = ticksAt(1, 25, 12.5);
    const first = ticks[0]!;
    expect(first.timeS).toBe(13);
    const layout = stripLayout(10, 2, 1);
    expect(first.x).toBeCloseTo(layout.traceLeftPx + 0.5 * layout.pxPerS, 9);
  });

  it('aligns a label at the paper edge to the inside instead of centring it past the edge', () => {
    const layout = stripLayout(10, 2, 1);
    const ticks = stripTicks({
      startS: 0,
      spanS: 10,
      pxPerS: layout.pxPerS,
      traceLeftPx: 0,
      widthPx: 10 * layout.pxPerS,
      labelWidthPx: LABEL_PX,
      gapPx: GAP_PX,
    });
    expect(ticks[0]).toMatchObject({ timeS: 0, align: 'start', left: 0 });
    expect(ticks[ticks.length - 1]).toMatchObject({ timeS: 10, align: 'end' });
  });
});
