/** A sample's position in time: from the record start and, when the header gives a base time, on the wall clock. */
export interface ReportTime {
  /** Sample index, 0-based. */
  readonly sample: number;
  /** Time since the record start, in seconds (sample / fsHz). */
  readonly elapsedS: number;
  /** Wall-clock time of day `hh:mm:ss` (seconds truncated), or null when the header has no base time. */
  readonly timeOfDay: string | null;
  /** Calendar date `yyyy-mm-dd` of that time, or null when the header has no base date (or no base time). */
  readonly date: string | null;
}

/** How samples map to times for one record. */
export interface RecordClock {
  /** Sampling frequency, in Hz. */
  readonly fsHz: number;
  /** Wall-clock time of sample 0 in seconds after midnight, or null when the header has no base time. */
  readonly startOfDayS: number | null;
  /** Midnight of the base date as a UTC epoch in ms (used as floating local time), or null. */
  readonly baseDateMs: number | null;
  /** The time of a sample. */
  at(sample: number): ReportTime;
}

const SECONDS_PER_DAY = 86_400;
const TIME_RE = /^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?(\.\d+)?$/;
const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,4})$/;

const two = (n: number): string => String(n).padStart(2, '0');

function parseTime(text: string, recordName: string): number {
  const m = TIME_RE.exec(text.trim());
  if (m === null) throw new RangeError(`record ${recordName}: base time '${text}' is not hh:mm:ss[.sss]`);
  const fields = [m[1], m[2], m[3]].filter((f): f is string => f !== undefined).map(Number);
  while (fields.length < 3) fields.unshift(0);
  const [h = 0, min = 0, s = 0] = fields;
  if (h > 23 || min > 59 || s > 59) throw new RangeError(`record ${recordName}: base time '${text}' is out of range`);
  return h * 3600 + min * 60 + s + Number(m[4] ?? 0);
}

function parseDate(text: string, recordName: string): number {
  const m = DATE_RE.exec(text.trim());
  const [day, month, year] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (m === null || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || check.getUTCFullYear() !== year)
    throw new RangeError(`record ${recordName}: base date '${text}' is not a valid dd/mm/yyyy date`);
  return ms;
}

/**
 * Builds the clock of a record from its WFDB header's base time and date
 * (https://physionet.org/physiotools/wag/header-5.htm: `hh:mm:ss` local time of sample 0, date `dd/mm/yyyy`; a time
 * with fewer fields is read as WFDB's `strtim` does, `mm:ss` or `ss`). WFDB gives no time zone, so dates and times are
 * floating local times (computed in UTC, so no daylight-saving jumps).
 *
 * @param recordName - record name, for error messages.
 * @param fsHz - sampling frequency, in Hz (> 0).
 * @param baseTime - header base time, or null.
 * @param baseDate - header base date, or null (ignored without a base time).
 * @returns the clock.
 * @throws RangeError naming the record when the base time or date is malformed or out of range.
 */
export function recordClock(recordName: string, fsHz: number, baseTime: string | null, baseDate: string | null): RecordClock {
  const startOfDayS = baseTime === null ? null : parseTime(baseTime, recordName);
  const baseDateMs = startOfDayS === null || baseDate === null ? null : parseDate(baseDate, recordName);
  const at = (sample: number): ReportTime => {
    const elapsedS = sample / fsHz;
    if (startOfDayS === null) return { sample, elapsedS, timeOfDay: null, date: null };
    const totalS = Math.floor(startOfDayS + elapsedS);
    const secondOfDay = totalS % SECONDS_PER_DAY;
    const timeOfDay = `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}`;
    const date = baseDateMs === null ? null : new Date(baseDateMs + (totalS - secondOfDay) * 1000).toISOString().slice(0, 10);
    return { sample, elapsedS, timeOfDay, date };
  };
  return Object.freeze({ fsHz, startOfDayS, baseDateMs, at });
}
