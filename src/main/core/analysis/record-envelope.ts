import { readSignalRange } from '../formats/read-signal-range';
import { toPhysicalFrames } from '../wfdb/record';
import { envelopeFromPyramid, type EnvelopeSource } from './envelope-pyramid';
import { envelopeOfFrames, type SignalEnvelope } from './signal-envelope';

/** A record span and the envelope resolution wanted. */
export interface EnvelopeRequest {
  /** the record's `.hea` (read only when the bins are finer than the pyramid's level 0, or there is no pyramid) */
  headerPath: string;
  /** record signal indices wanted, in order (stored signals only) */
  signals: readonly number[];
  /** first frame (≥ 0) */
  startSample: number;
  /** frame after the last (> startSample, ≤ nSamples) */
  endSample: number;
  /** the record's length, in frames */
  nSamples: number;
  /** bins wanted (≥ 1) */
  bins: number;
}

/**
 * The min/max envelope of a record span in about `bins` bins: from the stored pyramid when its bins
 * are no wider than the requested ones (see envelopeFromPyramid), else computed from the signal
 * itself in bins of exactly ceil(span / bins) frames from startSample (the caller bounds that
 * span). Either way bin i covers frames [originSample + i·binSamples, originSample + (i+1)·binSamples),
 * the last clipped to the record.
 * @param request - the span, the signals and the resolution
 * @param source - the analysis's stored pyramid, or null
 * @returns the envelope (firstBin 0)
 * @throws WfdbError naming the file when the signal must be read and cannot be
 */
export function recordEnvelope(request: EnvelopeRequest, source: EnvelopeSource | null): SignalEnvelope {
  const { headerPath, signals, startSample, endSample, nSamples, bins } = request;
  const stored = source ? envelopeFromPyramid(source, signals, startSample, endSample, bins) : null;
  if (stored) return stored;
  const binSamples = Math.ceil((endSample - startSample) / bins);
  const readEnd = Math.min(nSamples, startSample + Math.ceil((endSample - startSample) / binSamples) * binSamples);
  const record = readSignalRange(headerPath, { startSample, endSample: readEnd });
  const leads = signals.map((s) => toPhysicalFrames(record, s));
  return envelopeOfFrames(leads, signals, startSample, startSample, readEnd, binSamples, startSample);
}
