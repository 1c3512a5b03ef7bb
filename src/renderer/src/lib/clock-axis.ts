/**
 * The overview's time axis in clock time: ticks on whole clock minutes or hours counted from the recording's start
 * (the WFDB header's base time), or on whole elapsed steps when the header gives no start.
 */
import type { RecordOverview } from '../../../shared/api';

/** The recording's start as `record:overview` gives it. */
export type RecordingStart = NonNullable<RecordOverview['recordingStart']>;

/** Tick steps offered, in s: whole seconds for short records, whole minutes, then whole hours for long ones. */
const CLOCK_STEPS_S: readonly number[] = Object.freeze([
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
]);

const SECONDS_PER_DAY = 86_400;

/**
 * Ticks of the overview axis: the finest step giving at most `maxTicks` ticks, placed where the clock (or, without a
 * start, the elapsed time) is a whole multiple of the step.
 * @param durationS - record length, in s (> 0)
 * @param start - the recording's start, or null
 * @param maxTicks - most ticks wanted (≥ 2)
 * @returns the step in s and the tick positions in s from the record's start, ascending, within [0, durationS]
 */
export function clockTicks(durationS: number, start: RecordingStart | null, maxTicks: number): { stepS: number; ticksS: number[] } {
  const stepS = CLOCK_STEPS_S.find((s) => durationS / s <= maxTicks) ?? Math.ceil(durationS / maxTicks / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  const offsetS = start ? start.timeOfDayS % stepS : 0;
  const ticksS: number[] = [];
  for (let t = offsetS === 0 ? 0 : stepS - offsetS; t <= durationS + 1e-9; t += stepS) ticksS.push(t);
  return { stepS, ticksS };
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A position as the overview labels it: the clock time of day (`HH:MM`, or `HH:MM:SS` for steps under a minute), or
 * without a start the elapsed time in the same form; a clock label past midnight gets `+Nd`.
 * @param tS - seconds from the record's start
 * @param start - the recording's start, or null
 * @param withSeconds - show the seconds
 */
export function clockLabel(tS: number, start: RecordingStart | null, withSeconds: boolean): string {
  const total = Math.floor((start?.timeOfDayS ?? 0) + Math.max(0, tS) + 1e-6);
  const days = Math.floor(total / SECONDS_PER_DAY);
  const inDay = start ? total % SECONDS_PER_DAY : total;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  const text = `${pad2(h)}:${pad2(m)}${withSeconds ? `:${pad2(inDay % 60)}` : ''}`;
  return start && days > 0 ? `${text} +${days}d` : text;
}

/**
 * The recording's start as a heading shows it.
 * @returns `YYYY-MM-DD HH:MM:SS`, `HH:MM:SS (no date in header)`, or a note that the header gives no start
 */
export function describeRecordingStart(start: RecordingStart | null): string {
  if (!start) return 'not in the record header (times are elapsed from the start)';
  const clock = clockLabel(0, start, true);
  return start.date ? `${start.date} ${clock}` : `${clock} (no date in the record header)`;
}

/**
 * A tick step in words.
 * @param stepS - step, in s
 * @returns e.g. `10 s`, `5 min`, `2 h`
 */
export function stepLabel(stepS: number): string {
  if (stepS < 60) return `${stepS} s`;
  if (stepS < 3600) return `${stepS / 60} min`;
  return `${stepS / 3600} h`;
}
