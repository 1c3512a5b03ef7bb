/**
 * Start samples of sliding windows over a record: every `strideSamples` from 0 while the window
 * fits, plus a last window aligned to the record end when the regular ones leave a tail uncovered; a
 * record shorter than one window gets one window at 0 (zero-padded by writeWindowInput).
 * @param lengthSamples - record length, in samples
 * @param windowSamples - window length, in samples
 * @param strideSamples - stride, in samples (> 0)
 * @returns ascending start samples; [] for an empty record
 */
export function windowStarts(lengthSamples: number, windowSamples: number, strideSamples: number): number[] {
  if (lengthSamples <= 0) return [];
  if (lengthSamples <= windowSamples) return [0];
  const starts: number[] = [];
  for (let s = 0; s + windowSamples <= lengthSamples; s += strideSamples) starts.push(s);
  const last = starts[starts.length - 1] as number;
  if (last + windowSamples < lengthSamples) starts.push(lengthSamples - windowSamples);
  return starts;
}
