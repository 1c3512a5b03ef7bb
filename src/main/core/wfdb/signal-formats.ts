/**
 * Byte layouts of the WFDB signal storage formats (https://physionet.org/physiotools/wag/signal-5.htm).
 *
 * A signal file holds one stream of samples (all signals of a frame in turn, frame after frame). Every format packs
 * `samplesPerBlock` consecutive samples of that stream into `bytesPerBlock` bytes; 212, 310 and 311 pack across
 * signal and frame boundaries.
 */
export interface SignalFormatCodec {
  readonly format: number;
  readonly bytesPerBlock: number;
  readonly samplesPerBlock: number;
  /** Bytes a final, incomplete block needs to hold r samples (index r, 0 ≤ r < samplesPerBlock), as WFDB writes them. */
  readonly partialBlockBytes: readonly number[];
  /** Whether stored values are first differences (format 8) rather than amplitudes. */
  readonly differences: boolean;
  /** Stored value WFDB reads as an invalid sample, or null when the format has none. */
  readonly invalidValue: number | null;
  /**
   * Decodes `count` samples, starting at sample `phase` of the block that begins at `bytes[0]`, into `out[0..count)`.
   * Bytes past the end of `bytes` must not be needed.
   */
  decode(bytes: Uint8Array, phase: number, count: number, out: Int32Array): void;
}

function decode8(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0; i < n; i++) out[i] = ((b[i] as number) << 24) >> 24;
}

function decode16(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = (((b[j] as number) | ((b[j + 1] as number) << 8)) << 16) >> 16;
}

function decode61(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = ((((b[j] as number) << 8) | (b[j + 1] as number)) << 16) >> 16;
}

function decode80(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0; i < n; i++) out[i] = (b[i] as number) - 128;
}

function decode160(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = ((b[j] as number) | ((b[j + 1] as number) << 8)) - 32768;
}

function decode24(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = (((b[j] as number) | ((b[j + 1] as number) << 8) | ((b[j + 2] as number) << 16)) << 8) >> 8;
  }
}

function decode32(b: Uint8Array, _phase: number, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (b[j] as number) | ((b[j + 1] as number) << 8) | ((b[j + 2] as number) << 16) | ((b[j + 3] as number) << 24);
  }
}

/** Format 212: two 12-bit samples in 3 bytes; sample 0 = byte 0 + low nibble of byte 1, sample 1 = byte 2 + high nibble of byte 1. */
function decode212(b: Uint8Array, phase: number, n: number, out: Int32Array): void {
  let i = 0;
  let j = 0;
  if (phase === 1 && n > 0) {
    out[i++] = (((b[2] as number) | (((b[1] as number) & 0xf0) << 4)) << 20) >> 20;
    j = 3;
  }
  const pairsEnd = i + ((n - i) & ~1);
  for (; i < pairsEnd; i += 2, j += 3) {
    const mid = b[j + 1] as number;
    out[i] = (((b[j] as number) | ((mid & 0x0f) << 8)) << 20) >> 20;
    out[i + 1] = (((b[j + 2] as number) | ((mid & 0xf0) << 4)) << 20) >> 20;
  }
  if (i < n) out[i] = (((b[j] as number) | (((b[j + 1] as number) & 0x0f) << 8)) << 20) >> 20;
}

/**
 * Format 310: three 10-bit samples in two little-endian 16-bit words x, y: sample 0 = x bits 1–10,
 * sample 1 = y bits 1–10, sample 2 = x bits 11–15 (low 5 bits) and y bits 11–15 (high 5 bits).
 */
function decode310(b: Uint8Array, phase: number, n: number, out: Int32Array): void {
  for (let i = 0, s = phase; i < n; i++, s++) {
    const j = Math.floor(s / 3) * 4;
    const k = s % 3;
    let v: number;
    if (k === 0) v = (((b[j] as number) | ((b[j + 1] as number) << 8)) >> 1) & 0x3ff;
    else if (k === 1) v = (((b[j + 2] as number) | ((b[j + 3] as number) << 8)) >> 1) & 0x3ff;
    else v = (((b[j + 1] as number) >> 3) & 0x1f) | (((b[j + 3] as number) << 2) & 0x3e0);
    out[i] = (v << 22) >> 22;
  }
}

/** Format 311: three 10-bit samples in one little-endian 32-bit word, in bits 0–9, 10–19 and 20–29. */
function decode311(b: Uint8Array, phase: number, n: number, out: Int32Array): void {
  for (let i = 0, s = phase; i < n; i++, s++) {
    const j = Math.floor(s / 3) * 4;
    const w = (b[j] as number) | ((b[j + 1] as number) << 8) | ((b[j + 2] as number) << 16) | ((b[j + 3] as number) << 24);
    out[i] = ((w >>> ((s % 3) * 10)) << 22) >> 22;
  }
}

function codec(
  format: number,
  bytesPerBlock: number,
  samplesPerBlock: number,
  partialBlockBytes: readonly number[],
  invalidValue: number | null,
  decode: SignalFormatCodec['decode'],
): SignalFormatCodec {
  return Object.freeze({ format, bytesPerBlock, samplesPerBlock, partialBlockBytes, differences: format === 8, invalidValue, decode });
}

const CODECS: ReadonlyMap<number, SignalFormatCodec> = new Map(
  [
    codec(8, 1, 1, [0], null, decode8),
    codec(16, 2, 1, [0], -32768, decode16),
    codec(61, 2, 1, [0], -32768, decode61),
    codec(80, 1, 1, [0], -128, decode80),
    codec(160, 2, 1, [0], -32768, decode160),
    codec(212, 3, 2, [0, 2], -2048, decode212),
    codec(310, 4, 3, [0, 2, 4], -512, decode310),
    codec(311, 4, 3, [0, 2, 3], -512, decode311),
    codec(24, 3, 1, [0], -8388608, decode24),
    codec(32, 4, 1, [0], -2147483648, decode32),
  ].map((c) => [c.format, c]),
);

/** WFDB's invalid-sample value for format 0 (null signals): `WFDB_INVALID_SAMPLE`. */
export const WFDB_INVALID_SAMPLE = -32768;

/** Storage formats this reader decodes (format 0, a null signal without a file, is handled by the record reader). */
export const SUPPORTED_SIGNAL_FORMATS: readonly number[] = Object.freeze([...CODECS.keys()]);

/**
 * Codec of a WFDB storage format.
 * @param format WFDB format number.
 * @returns the codec, or undefined for formats this reader does not decode (0, 508/516/524 FLAC, …).
 */
export function signalFormatCodec(format: number): SignalFormatCodec | undefined {
  return CODECS.get(format);
}

/**
 * Bytes needed to store the first `nSamples` samples of a stream in a codec's layout.
 * @param c codec.
 * @param nSamples number of samples (all signals of the file counted).
 */
export function bytesForSamples(c: SignalFormatCodec, nSamples: number): number {
  const blocks = Math.floor(nSamples / c.samplesPerBlock);
  return blocks * c.bytesPerBlock + (c.partialBlockBytes[nSamples % c.samplesPerBlock] ?? 0);
}

/**
 * Number of whole samples a stream of `nBytes` bytes holds in a codec's layout.
 * @param c codec.
 * @param nBytes data bytes (after the byte offset).
 */
export function samplesInBytes(c: SignalFormatCodec, nBytes: number): number {
  const blocks = Math.floor(nBytes / c.bytesPerBlock);
  const rest = nBytes - blocks * c.bytesPerBlock;
  let extra = 0;
  for (let r = 1; r < c.samplesPerBlock; r++) if ((c.partialBlockBytes[r] ?? Infinity) <= rest) extra = r;
  return blocks * c.samplesPerBlock + extra;
}
