/**
 * Formats a time or duration as h:mm:ss (and .s when `decimals` > 0), the way
 * Holter reports write clock offsets from the start of the recording.
 * @param seconds - non-negative number of seconds (NaN gives '–')
 * @param decimals - digits after the seconds (0–3)
 * @returns e.g. `0:05:00`, `24:04:26.7`
 */
export function formatDuration(seconds: number, decimals = 0): string {
  if (!Number.isFinite(seconds)) return '–';
  const scale = 10 ** decimals;
  const total = Math.round(Math.max(0, seconds) * scale) / scale;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const sText = decimals > 0 ? s.toFixed(decimals).padStart(3 + decimals, '0') : String(Math.floor(s)).padStart(2, '0');
  return `${h}:${String(m).padStart(2, '0')}:${sText}`;
}
