import { WfdbError } from '../wfdb/errors';
import type { EdfHeader } from './edf-header';

/**
 * The EDF signals the workstation analyses and shows: the ordinary (non-annotation) signals at the highest sampling
 * rate of the file, in header order. Choosing one rate gives 1 sample per frame at that rate (see
 * `imported-record.ts`), so the QRS detector runs at the ECG's own rate instead of the gcd of all rates; EDF+
 * annotation signals are never analysed.
 * @param header the file's header (`readEdfHeader`).
 * @returns EDF signal numbers (0-based, as in the header).
 * @throws WfdbError naming the file when it has no ordinary signal.
 */
export function edfAnalysedSignals(header: EdfHeader): number[] {
  const ordinary = header.signals.filter((s) => !s.isAnnotation);
  if (ordinary.length === 0) throw new WfdbError(header.path, 'file has no ordinary signals (only annotations)');
  const top = ordinary.reduce((m, s) => Math.max(m, s.samplesPerRecord), 0);
  return ordinary.filter((s) => s.samplesPerRecord === top).map((s) => s.index);
}
