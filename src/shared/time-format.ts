/**
 * Clock-time formatting and parsing for record positions (seconds from record start).
 */

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats a record position as `hh:mm:ss` (hours not wrapped at 24, for multi-day records).
 * @param seconds - time from record start, in s (negative values and NaN are treated as 0)
 * @returns e.g. `01:02:03` for 3723 s; fractions are truncated
 */
export function formatHms(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/**
 * Formats a record position as `hh:mm:ss.d` (tenths of a second), for beat times in the audit trail.
 * @param seconds - time from record start, in s
 * @returns e.g. `00:00:12.3` for 12.34 s
 */
export function formatHmsTenths(seconds: number): string {
  const tenths = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds * 10 + 1e-6) : 0;
  return `${formatHms(Math.floor(tenths / 10))}.${tenths % 10}`;
}

/**
 * Parses what a technician types in the time field: `hh:mm:ss`, `mm:ss` or plain seconds, each part may carry decimals
 * only in its last field (`1:02:03.5`, `95.5`).
 * @param text - user input, surrounding blanks ignored
 * @returns the time in s, or null when the text is not a time (empty, letters, minutes or seconds ≥ 60 in a clock form)
 */
export function parseTimeInput(text: string): number | null {
  const match = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const [, first, second, last] = match;
  const secondsPart = Number(last);
  if (first === undefined) return secondsPart;
  if (secondsPart >= 60) return null;
  if (second === undefined) {
    return Number(first) * 60 + secondsPart;
  }
  const minutes = Number(second);
  if (minutes >= 60) return null;
  return Number(first) * 3600 + minutes * 60 + secondsPart;
}
