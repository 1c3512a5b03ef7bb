import { formatHms } from '../../../shared/time-format';

/**
 * The jobs indicator's timing text: elapsed time and, once the server can
 * tell, the estimated time left, e.g. `00:00:12 · ~00:00:30 left`.
 * @param elapsedMs - time since the job started, in ms
 * @param etaMs - estimated time left, in ms, or null when not known yet
 * @returns the text
 */
export function jobTimingLabel(elapsedMs: number, etaMs: number | null): string {
  const elapsed = formatHms(elapsedMs / 1000);
  return etaMs === null ? elapsed : `${elapsed} · ~${formatHms(Math.ceil(etaMs / 1000))} left`;
}
