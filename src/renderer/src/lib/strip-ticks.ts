/**
 * Time labels under the strip: a step wide enough for its labels at every zoom and paper speed, and labels that
 * never overlap, edge labels included.
 */

/** Tick steps offered, in s. */
const TICK_STEPS_S: readonly number[] = Object.freeze([1, 2, 5, 10, 15, 30, 60]);

/** One label: its time, where its tick sits, and the box the label takes, in CSS px from the paper's left edge. */
export interface StripTick {
  timeS: number;
  x: number;
  align: 'start' | 'centre' | 'end';
  left: number;
  right: number;
}

/** Where the strip's trace lies and how wide a label is. */
export interface StripTickSpec {
  /** Time at the trace's left edge, in s. */
  startS: number;
  /** Seconds of trace shown. */
  spanS: number;
  /** CSS px per second. */
  pxPerS: number;
  /** Where the trace starts, in CSS px from the paper's left edge. */
  traceLeftPx: number;
  /** Paper width, in CSS px (labels are kept inside it). */
  widthPx: number;
  /** Width of one label, in CSS px. */
  labelWidthPx: number;
  /** Least free space between two labels, in CSS px. */
  gapPx: number;
}

/**
 * The labelled ticks of a strip: the finest step of {@link TICK_STEPS_S} whose spacing holds a label and the gap,
 * ticks on whole multiples of it; a label that would stick out of the paper is aligned to its tick's inner side, and
 * one that would still touch its neighbour is left out.
 * @param spec - geometry and label size
 * @returns ticks in time order; their boxes do not overlap and lie within [0, widthPx]
 */
export function stripTicks(spec: StripTickSpec): StripTick[] {
  const room = spec.labelWidthPx + spec.gapPx;
  const stepS = TICK_STEPS_S.find((s) => s * spec.pxPerS >= room) ?? (TICK_STEPS_S[TICK_STEPS_S.length - 1] as number);
  const ticks: StripTick[] = [];
  const first = Math.ceil(spec.startS / stepS - 1e-9) * stepS + 0;
  const half = spec.labelWidthPx / 2;
  for (let timeS = first; timeS <= spec.startS + spec.spanS + 1e-9; timeS += stepS) {
    const x = spec.traceLeftPx + (timeS - spec.startS) * spec.pxPerS;
    let align: StripTick['align'] = 'centre';
    let left = x - half;
    if (left < 0) {
      align = 'start';
      left = x;
    } else if (x + half > spec.widthPx) {
      align = 'end';
      left = x - spec.labelWidthPx;
    }
    const tick = { timeS, x, align, left, right: left + spec.labelWidthPx };
    const previous = ticks[ticks.length - 1];
    if (tick.right > spec.widthPx + 1e-9 || (previous && tick.left < previous.right + spec.gapPx)) continue;
    ticks.push(tick);
  }
  return ticks;
}
