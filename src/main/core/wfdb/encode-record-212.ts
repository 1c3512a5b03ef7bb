import { checksum16 } from './record';

/** One signal of a record to encode by {@link encodeRecord212}. */
export interface SignalToEncode {
  /** Samples in ADC units (stored in 12 bits; −2048 is WFDB's invalid sample in format 212). */
  adc: Int32Array;
  /** ADC units per mV. */
  gainAdcPerMv: number;
  /** ADC value of 0 mV. */
  baselineAdc: number;
  /** ADC resolution, bits. */
  adcResolutionBits: number;
  /** ADC zero. */
  adcZero: number;
  /** Signal description (e.g. `MLII`). */
  description: string;
}

/** A record encoded by {@link encodeRecord212}: the `.hea` text and the `.dat` bytes. */
export interface EncodedRecord {
  headerText: string;
  dat: Buffer;
}

/**
 * Encodes signals as one WFDB format-212 signal file and its header, as WFDB's `putvec` / `newheader` write them:
 * samples interleaved frame by frame, two 12-bit samples in 3 bytes (sample 0 = byte 0 + low nibble of byte 1,
 * sample 1 = byte 2 + high nibble of byte 1; an odd final sample takes 2 bytes); header lines end in CR LF, the
 * gain is followed by `(baseline)` when the baseline differs from the ADC zero, the first sample and 16-bit checksum
 * are computed from the samples as given. A sample outside −2048..2047 keeps only its low 12 bits, as WFDB 10.7's
 * `putvec` stores it (nst's 118ma06 and 118bw06 have such samples; the checksum is of the values given).
 *
 * Source: WFDB signal formats (https://physionet.org/physiotools/wag/signal-5.htm) and header format
 * (https://physionet.org/physiotools/wag/header-5.htm).
 * @param recordName record name (the signal file is `recordName.dat`).
 * @param fsHz sampling frequency, Hz.
 * @param signals the signals, all of the same length.
 * @param comments info lines written after the signal lines (without `#`; a leading space is kept as written).
 * @returns header text and signal file bytes.
 * @throws RangeError when the signals differ in length.
 */
export function encodeRecord212(
  recordName: string,
  fsHz: number,
  signals: readonly SignalToEncode[],
  comments: readonly string[],
): EncodedRecord {
  const nFrames = signals[0]?.adc.length ?? 0;
  if (signals.some((s) => s.adc.length !== nFrames)) throw new RangeError(`${recordName}: signals differ in length`);
  const nSig = signals.length;
  const total = nFrames * nSig;
  const dat = Buffer.alloc(Math.floor(total / 2) * 3 + (total % 2) * 2);
  const sampleAt = (k: number): number => (signals[k % nSig]?.adc[Math.floor(k / nSig)] as number) & 0xfff;
  let j = 0;
  for (let k = 0; k < total; k += 2) {
    const a = sampleAt(k);
    dat[j] = a & 0xff;
    if (k + 1 < total) {
      const b = sampleAt(k + 1);
      dat[j + 1] = ((a >> 8) & 0x0f) | ((b >> 4) & 0xf0);
      dat[j + 2] = b & 0xff;
      j += 3;
    } else {
      dat[j + 1] = (a >> 8) & 0x0f;
    }
  }
  const lines = [`${recordName} ${nSig} ${fsHz} ${nFrames}`];
  for (const s of signals) {
    const gain = s.baselineAdc === s.adcZero ? `${s.gainAdcPerMv}` : `${s.gainAdcPerMv}(${s.baselineAdc})`;
    const first = s.adc[0] ?? 0;
    lines.push(`${recordName}.dat 212 ${gain} ${s.adcResolutionBits} ${s.adcZero} ${first} ${checksum16(s.adc)} 0 ${s.description}`);
  }
  for (const c of comments) lines.push(`#${c}`);
  return { headerText: lines.map((l) => `${l}\r\n`).join(''), dat };
}
