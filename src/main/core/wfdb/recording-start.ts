/**
 * The recording's start as a clock time and calendar date, from a WFDB header's base time and base date
 * (header line 1, fields 5 and 6: `hh:mm:ss` and `dd/mm/yyyy`; https://physionet.org/physiotools/wag/header-5.htm).
 */
import { readFileSync } from 'node:fs';
import { fileSystemError } from './errors';
import { parseHeader, type WfdbHeader } from './header';

/** Start of a recording: seconds after midnight, and the date as `YYYY-MM-DD` (null when the header has none). */
export interface RecordingStart {
  timeOfDayS: number;
  date: string | null;
}

const SECONDS_PER_DAY = 86_400;

/**
 * Converts a header's base time and date.
 * WFDB writes the base time as `[[hh:]mm:]ss[.sss]` (shorter forms count from the right, as in `strtim`), and the
 * date as `dd/mm/yyyy`.
 * @param header - a parsed header (its `baseTime` and `baseDate`)
 * @returns the start, or null when the header has no base time, or a base time of a day or more, or a date that is
 *   not a real calendar day (no start is better than a wrong one)
 */
export function recordingStartOf(header: Pick<WfdbHeader, 'baseTime' | 'baseDate'>): RecordingStart | null {
  if (header.baseTime === null) return null;
  const parts = header.baseTime.split(':').map(Number);
  let timeOfDayS = 0;
  for (const part of parts) timeOfDayS = timeOfDayS * 60 + part;
  if (!(timeOfDayS >= 0 && timeOfDayS < SECONDS_PER_DAY)) return null;
  if (header.baseDate === null) return { timeOfDayS, date: null };
  const [day, month, year] = header.baseDate.split('/').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || year < 1000) return null;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return { timeOfDayS, date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/**
 * Reads a record's header and converts its base time and date.
 * @param headerPath - the `.hea` file
 * @returns as {@link recordingStartOf}
 * @throws WfdbError naming the header when it cannot be read or parsed
 */
export function readRecordingStart(headerPath: string): RecordingStart | null {
  let text: string;
  try {
    text = readFileSync(headerPath, 'latin1');
  } catch (err) {
    throw fileSystemError(headerPath, err, 'header file');
  }
  return recordingStartOf(parseHeader(text, headerPath));
}
