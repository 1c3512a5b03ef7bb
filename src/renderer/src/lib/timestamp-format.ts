/**
 * Wall-clock timestamps (import times, audit events) as the tables show them.
 */

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats an ISO-8601 timestamp in local time as `YYYY-MM-DD HH:MM:SS`.
 * @param iso - e.g. `2026-11-21T10:04:05.000Z`
 * @returns the local time, or the input unchanged when it does not parse
 */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ` +
    `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`
  );
}
