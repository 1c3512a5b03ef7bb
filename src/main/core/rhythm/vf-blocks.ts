import type { DetectedSpan } from './holter-rhythm';
import { detectVfSpans, vfContextS, VF_DETECTOR_CONFIG } from './vf-detector';

/**
 * How the VF detector runs over a long record in pieces whose result does not depend on how the
 * record is cut into analysis chunks: the record is divided into blocks of `blockS` seconds at fixed
 * record positions (block b covers steps [b·blockS, (b+1)·blockS) of 1 s = round(fsHz) samples, as the
 * detector's steps), and each block is detected on its own stretch with `vfContextS()` of signal on
 * each side (clipped to the record), keeping the spans inside the block. A chunk detects the blocks
 * that start in it; the whole record is the same blocks, so the spans are the same bit for bit. The
 * chunk's first pass must read `blockS + vfContextS()` after its end (its lookahead) and `vfContextS()`
 * before its start (its QRS warm-up).
 */
export const VF_BLOCK_CONFIG = Object.freeze({
  /** block length, in s (with the 8 s context each side, a block reads 46 s: 1.5× the detector's own cost) */
  blockS: 30,
  /** sampling rates the VF detector accepts (detectVfSpans), in Hz; a record outside gets no VF spans instead of a failed analysis */
  minFsHz: 50,
  maxFsHz: 10_000,
});

/**
 * Signal a caller must hold after the last block start it detects and before the first, in s.
 * @returns `{ beforeS, afterS }`
 */
export function vfBlockReach(): { beforeS: number; afterS: number } {
  const contextS = vfContextS(VF_DETECTOR_CONFIG);
  return { beforeS: contextS, afterS: VF_BLOCK_CONFIG.blockS + contextS };
}

/**
 * VF/VFL spans of the blocks that start in [fromSample, toSample), from a stretch of the record's lead.
 * Spans of neighbouring blocks touch at the block boundary (the Holter rhythm assembler joins them).
 * @param leadMv - the lead over record samples [leadStartSample, leadStartSample + leadMv.length), in mV
 * @param leadStartSample - record sample of `leadMv[0]`
 * @param fsHz - the record's rate, in Hz (the detector accepts 50..10 000)
 * @param nSamples - the record's length, in samples
 * @param fromSample - first record sample whose block start is included
 * @param toSample - record sample after the last included block start
 * @returns spans in record samples, in time order, each inside its block; [] for a rate outside
 *   [minFsHz, maxFsHz] (the detector does not run there; the header's warnings already name such a rate)
 * @throws RangeError when the stretch does not hold a block's context (a caller's read is too short)
 */
export function vfBlockSpans(
  leadMv: Float32Array,
  leadStartSample: number,
  fsHz: number,
  nSamples: number,
  fromSample: number,
  toSample: number,
): DetectedSpan[] {
  if (!(fsHz >= VF_BLOCK_CONFIG.minFsHz && fsHz <= VF_BLOCK_CONFIG.maxFsHz)) return [];
  const stepSamples = Math.round(fsHz);
  const blockSamples = VF_BLOCK_CONFIG.blockS * stepSamples;
  const contextSamples = vfContextS(VF_DETECTOR_CONFIG) * stepSamples;
  const leadEndSample = leadStartSample + leadMv.length;
  const spans: DetectedSpan[] = [];
  for (let start = Math.ceil(fromSample / blockSamples) * blockSamples; start < Math.min(toSample, nSamples); start += blockSamples) {
    const end = Math.min(nSamples, start + blockSamples);
    const readFrom = Math.max(0, start - contextSamples);
    const readTo = Math.min(nSamples, end + contextSamples);
    if (readFrom < leadStartSample || readTo > leadEndSample) {
      throw new RangeError(
        `vfBlockSpans: block [${start}, ${end}) needs samples [${readFrom}, ${readTo}), the stretch holds [${leadStartSample}, ${leadEndSample})`,
      );
    }
    for (const s of detectVfSpans(leadMv.subarray(readFrom - leadStartSample, readTo - leadStartSample), fsHz)) {
      const onsetSample = Math.max(start, s.onsetSample + readFrom);
      const endSample = Math.min(end, s.endSample + readFrom);
      if (endSample > onsetSample) spans.push({ onsetSample, endSample, confidence: s.confidence });
    }
  }
  return spans;
}
