import { readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WfdbError } from './errors';
import type { SignalSpec, WfdbHeader } from './header';
import { closeRecord, isNullSignal, openRecord, type SignalGroup } from './open-record';
import type { OpenRecordFile } from './record-file';
import { signalFormatCodec, WFDB_INVALID_SAMPLE } from './signal-formats';

/** A WFDB record read into memory, in ADC units. */
export interface WfdbRecord {
  headerPath: string;
  header: WfdbHeader;
  recordName: string;
  /** Frame rate in Hz (a signal with samplesPerFrame k is sampled at k × fsHz). */
  fsHz: number;
  /** Frames read (endSample − startSample). */
  nSamples: number;
  /** One array per signal, in ADC units; signal s holds nSamples × samplesPerFrame(s) samples. */
  adc: Int32Array[];
}

/** Options of {@link readRecord}. */
export interface ReadRecordOptions {
  /** First frame to read, 0-based (default 0). */
  startSample?: number;
  /** Frame after the last one to read (default: the record's length). */
  endSample?: number;
  /**
   * Compare each signal's 16-bit sample sum with the header checksum (default: true when the whole record is read).
   * Absent checksums and checksums of 0 are not checked: 0 is the placeholder some writers use (e.g. every
   * PhysioNet/CinC 2017 header), at the cost of missing a corrupt file whose true checksum is 0 (1 in 65,536).
   */
  verifyChecksums?: boolean;
}

/** Tunables of the record reader. */
const READER_CONFIG = Object.freeze({
  /** Samples (all signals of a file) decoded per chunk; bounds the temporary memory to a few MB. */
  chunkSamples: 1 << 20,
});

/** Decoding buffers reused across reads (reads are synchronous, so one set suffices); they grow to the largest chunk. */
const scratch = {
  sampleBuffer: new Int32Array(0),
  byteBuffer: new Uint8Array(0),
  samples(n: number): Int32Array {
    if (this.sampleBuffer.length < n) this.sampleBuffer = new Int32Array(n);
    return this.sampleBuffer.subarray(0, n);
  },
  bytes(n: number): Uint8Array {
    if (this.byteBuffer.length < n) this.byteBuffer = new Uint8Array(n);
    return this.byteBuffer.subarray(0, n);
  },
};

/** Reads bytes [position, position + length) of a file into buf, zero-filling what lies past the end. */
function readBytes(fd: number, buf: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  buf.fill(0, done, length);
}

/**
 * Decodes frames [fromFrame, toFrame) of one signal file into the record's arrays.
 * Frame f of signal s lands at output frame f − skew(s) − startSample when that lies in [0, nFrames).
 */
function readGroup(
  fd: number,
  group: SignalGroup,
  specs: readonly SignalSpec[],
  out: Int32Array[],
  fromFrame: number,
  toFrame: number,
  startSample: number,
  nFrames: number,
): void {
  const { codec, frameSize } = group;
  const spb = codec.samplesPerBlock;
  const maxChunkFrames = Math.max(spb, Math.floor(READER_CONFIG.chunkSamples / frameSize / spb) * spb);
  const chunkFrames = Math.min(maxChunkFrames, Math.ceil(Math.max(1, toFrame - fromFrame) / spb) * spb);
  const flat = scratch.samples(chunkFrames * frameSize);
  const bytes = scratch.bytes((Math.ceil(flat.length / spb) + 1) * codec.bytesPerBlock);
  const running = group.signalIndices.map((s) => specs[s]?.initialValue ?? 0);

  for (let f0 = fromFrame; f0 < toFrame; f0 += chunkFrames) {
    const nf = Math.min(chunkFrames, toFrame - f0);
    const k0 = f0 * frameSize;
    const count = nf * frameSize;
    const block0 = Math.floor(k0 / spb);
    const nBytes = (Math.ceil((k0 + count) / spb) - block0) * codec.bytesPerBlock;
    readBytes(fd, bytes, nBytes, group.byteOffset + block0 * codec.bytesPerBlock);
    codec.decode(bytes, k0 - block0 * spb, count, flat);

    let slot = 0;
    group.signalIndices.forEach((s, g) => {
      const spec = specs[s] as SignalSpec;
      const spf = spec.samplesPerFrame;
      const dst = out[s] as Int32Array;
      const firstOut = f0 - spec.skew - startSample;
      const lo = Math.max(0, -firstOut);
      const hi = Math.min(nf, nFrames - firstOut);
      if (codec.differences) {
        let v = running[g] as number;
        for (let f = 0; f < nf; f++) {
          for (let c = 0; c < spf; c++) {
            v += flat[f * frameSize + slot + c] as number;
            if (f >= lo && f < hi) dst[(firstOut + f) * spf + c] = v;
          }
        }
        running[g] = v;
      } else if (spf === 1) {
        for (let f = lo, i = lo * frameSize + slot, o = firstOut + lo; f < hi; f++, i += frameSize, o++) dst[o] = flat[i] as number;
      } else {
        for (let f = lo; f < hi; f++) {
          const o = (firstOut + f) * spf;
          const i = f * frameSize + slot;
          for (let c = 0; c < spf; c++) dst[o + c] = flat[i + c] as number;
        }
      }
      slot += spf;
    });
  }
}

/** 16-bit checksum of a signal as WFDB computes it (sum of all samples, as a signed 16-bit number). */
/**
 * WFDB's 16-bit signal checksum: the sum of all samples modulo 2^16, as a signed 16-bit value (the header's
 * `checksum` field).
 * @param samples one signal in ADC units.
 */
export function checksum16(samples: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum = (sum + (samples[i] as number)) | 0;
  return (sum << 16) >> 16;
}

/**
 * Compares each signal's 16-bit sample sum with its header checksum (absent checksums, checksums of 0
 * and null signals are not checked; see {@link ReadRecordOptions.verifyChecksums}).
 * @param headerPath path of the `.hea` file (the error names the signal file).
 * @param header the record's header.
 * @param sums per signal, the sum of all its ADC samples modulo 2^32 (any 32-bit wrapping; only the low 16 bits count).
 * @throws WfdbError naming the signal file when a sum does not match its checksum.
 */
export function verifyChecksums(headerPath: string, header: WfdbHeader, sums: readonly number[]): void {
  header.signals.forEach((spec, s) => {
    if (spec.checksum === null || spec.checksum === 0 || isNullSignal(spec)) return;
    const actual = ((sums[s] ?? 0) << 16) >> 16;
    if (actual !== (spec.checksum << 16) >> 16) {
      throw new WfdbError(
        join(dirname(headerPath), spec.fileName),
        `checksum mismatch for signal ${s} (${spec.description}): header says ${spec.checksum}, samples sum to ${actual}`,
      );
    }
  });
}

/**
 * Reads a single-segment WFDB record (header + signal files) into ADC-unit arrays.
 *
 * The header and signal files are opened and checked by `openRecord` first (files inside the header's folder,
 * regular and not sparse, long enough for the header's sample count, `.mat` matrices matching), so allocation is
 * bounded by the files' real sizes. Supported storage formats: 8, 16, 61, 80, 160, 212,
 * 310, 311, 24, 32 (https://physionet.org/physiotools/wag/signal-5.htm), plus 0 (null signal, all samples
 * `WFDB_INVALID_SAMPLE`). Several signals may share a file (interleaved frames), with byte offsets
 * (`16+24`), samples per frame (`16x4`) and skew (`16:3`; frames past the stored data get the format's invalid value).
 * A header without a sample count takes it from the shortest signal file.
 *
 * @param headerPath path of the `.hea` file.
 * @param options frame range [startSample, endSample) and checksum verification; see {@link ReadRecordOptions}.
 * @returns the record; `nSamples` = endSample − startSample.
 * @throws WfdbError naming the header or signal file for everything `openRecord` refuses, a range outside the
 *   record, a record too long to hold in memory, or (with verification) a checksum that does not match.
 */
export function readRecord(headerPath: string, options: ReadRecordOptions = {}): WfdbRecord {
  const opened = openRecord(headerPath);
  try {
    const { header, groups, files, framesAvailable, nullSignals, recordFrames } = opened;
    const startSample = options.startSample ?? 0;
    const endSample = options.endSample ?? recordFrames;
    if (
      !Number.isInteger(startSample) ||
      !Number.isInteger(endSample) ||
      startSample < 0 ||
      endSample < startSample ||
      endSample > recordFrames
    ) {
      throw new WfdbError(headerPath, `sample range [${startSample}, ${endSample}) is outside the record's ${recordFrames} frames`);
    }
    const wholeRecord = startSample === 0 && endSample === recordFrames;
    const verify = options.verifyChecksums ?? wholeRecord;
    if (verify && !wholeRecord) {
      throw new WfdbError(headerPath, 'checksums can only be verified when the whole record is read');
    }
    const nFrames = endSample - startSample;
    const adc = allocateSignals(headerPath, header, nFrames);

    groups.forEach((g, i) => {
      const specs = header.signals;
      const maxSkew = Math.max(...g.signalIndices.map((s) => specs[s]?.skew ?? 0));
      const fromFrame = g.codec.differences ? 0 : startSample;
      const toFrame = Math.min(endSample + maxSkew, framesAvailable[i] as number);
      if (maxSkew > 0) {
        for (const s of g.signalIndices) if (g.codec.invalidValue !== null) (adc[s] as Int32Array).fill(g.codec.invalidValue);
      }
      readGroup((files[i] as OpenRecordFile).fd, g, specs, adc, fromFrame, toFrame, startSample, nFrames);
    });
    for (const s of nullSignals) (adc[s] as Int32Array).fill(WFDB_INVALID_SAMPLE);

    if (verify) verifyChecksums(headerPath, header, adc.map(checksum16));
    return { headerPath, header, recordName: header.recordName, fsHz: header.fsHz, nSamples: nFrames, adc };
  } finally {
    closeRecord(opened);
  }
}

/** One ADC array per signal; a record too long for memory is reported as such rather than as a RangeError. */
function allocateSignals(headerPath: string, header: WfdbHeader, nFrames: number): Int32Array[] {
  try {
    return header.signals.map((spec) => new Int32Array(nFrames * spec.samplesPerFrame));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const samples = header.signals.reduce((sum, spec) => sum + nFrames * spec.samplesPerFrame, 0);
    throw new WfdbError(
      headerPath,
      `record too long to read at once: ${nFrames} frames × ${header.signals.length} signals (${samples} samples) do not fit in memory`,
      { cause: err },
    );
  }
}

/**
 * Invalid-sample marker of a signal's storage format, as stored in {@link WfdbRecord.adc}.
 * @param format WFDB storage format.
 * @returns the stored value WFDB reads as invalid (the format's minimum; −32768 for format 0), or null (format 8).
 */
export function invalidAdcValue(format: number): number | null {
  if (format === 0) return WFDB_INVALID_SAMPLE;
  return signalFormatCodec(format)?.invalidValue ?? null;
}

/**
 * Converts one signal of a record to physical units: (adc − baselineAdc) / gainAdcPerUnit.
 * @param record record from {@link readRecord}.
 * @param signalIndex 0-based signal number.
 * @returns the samples in the header's units (mV for ECG); WFDB's invalid samples (the format's minimum value) are NaN.
 * @throws RangeError when signalIndex is not a signal of the record.
 */
export function toPhysical(record: WfdbRecord, signalIndex: number): Float32Array {
  const spec = record.header.signals[signalIndex];
  const adc = record.adc[signalIndex];
  if (spec === undefined || adc === undefined) {
    throw new RangeError(`${record.headerPath}: no signal ${signalIndex} (record has ${record.adc.length})`);
  }
  const invalid = isNullSignal(spec) ? WFDB_INVALID_SAMPLE : invalidAdcValue(spec.format);
  const baseline = spec.baselineAdc;
  const gain = spec.gainAdcPerUnit;
  const out = new Float32Array(adc.length);
  for (let i = 0; i < adc.length; i++) {
    const v = adc[i] as number;
    out[i] = v === invalid ? NaN : (v - baseline) / gain;
  }
  return out;
}

/**
 * Converts one signal of a record to physical units at the frame rate `fsHz`, one value per frame:
 * the signal itself when it has one sample per frame, else the mean of each frame's samples (WFDB's
 * low-resolution mode, as `getvec` and `rdsamp` without `-H` return them). This is what the analysis
 * and the strip consume, so beat positions are frame numbers whatever the signal's samples per frame.
 * @param record record from {@link readRecord}.
 * @param signalIndex 0-based signal number.
 * @returns `record.nSamples` values in the header's units (mV for ECG); NaN for a frame holding an
 *   invalid sample.
 * @throws RangeError when signalIndex is not a signal of the record.
 */
export function toPhysicalFrames(record: WfdbRecord, signalIndex: number): Float32Array {
  const samples = toPhysical(record, signalIndex);
  const perFrame = record.header.signals[signalIndex]?.samplesPerFrame ?? 1;
  if (perFrame <= 1) return samples;
  const frames = new Float32Array(record.nSamples);
  for (let f = 0, j = 0; f < frames.length; f++) {
    let sum = 0;
    for (let k = 0; k < perFrame; k++, j++) sum += samples[j] as number;
    frames[f] = sum / perFrame;
  }
  return frames;
}
