import type { Annotation } from '../wfdb/annotations';
import type { WfdbRecord } from '../wfdb/record';
import { invalidAdcValue } from '../wfdb/record';
import { WFDB_INVALID_SAMPLE } from '../wfdb/signal-formats';
import { sigampQrsPeakToPeakAdc, sigampRmsAdc } from './sigamp';

/** The default protocol of WFDB `nst`: clean until 5:00, then noise on and off every 2 min to the end. */
const NST_PROTOCOL = Object.freeze({
  /** Start of the first noisy segment, s. */
  firstNoisySec: 300,
  /** Length of each noisy and each clean segment, s. */
  segmentSec: 120,
});

/** One protocol step: from `sample` on, noise signal k is added with gain `gains[k]` (0 = clean). */
export interface NstProtocolStep {
  /** 0-based sample where the gains take effect. */
  sample: number;
  /** Noise gain per output signal, as `nst` writes it in the protocol (`%g`, 6 significant digits). */
  gains: number[];
}

/** A noise stress test record made by {@link noiseStressTest}. */
export interface NoiseStressRecord {
  /** Output signals in ADC units with the ADC zero removed (WFDB_INVALID_SAMPLE where an input was invalid). */
  adc: Int32Array[];
  /** The protocol used (the `nsXXXXXX` annotation file `nst` generates). */
  protocol: NstProtocolStep[];
  /** Noise gains of the noisy segments before rounding to the protocol's 6 digits, per output signal. */
  gains: number[];
}

/** C's `%g` with the default precision 6, as a number (what `sscanf` reads back from the protocol's aux string). */
function percentG(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * The protocol `nst -s SNR` generates: noise to signal ratio nsr = 10^(−SNR/20) · √2 / 4 (RMS noise over QRS
 * peak-to-peak amplitude), gain_i = nsr · asig_i / anoise_(i mod nnoise), switched on at 5:00 and toggled every 2 min;
 * a final step of zero gains at the record's end. The amplitudes are first rounded to 6 significant digits, as nst
 * reads them from sigamp's `%g` output.
 * @param asigAdc normal-QRS peak-to-peak amplitude per clean signal ({@link sigampQrsPeakToPeakAdc}).
 * @param anoiseAdc RMS amplitude per noise signal ({@link sigampRmsAdc}).
 * @param snrDb signal-to-noise ratio of the noisy segments, dB.
 * @param nSamples length of the clean record, samples.
 * @param fsHz sampling frequency, Hz.
 * @returns the protocol steps and the unrounded gains.
 */
export function nstProtocol(
  asigAdc: readonly number[],
  anoiseAdc: readonly number[],
  snrDb: number,
  nSamples: number,
  fsHz: number,
): { protocol: NstProtocolStep[]; gains: number[] } {
  const nsr = (Math.pow(10, snrDb / -20) * Math.sqrt(2)) / 4;
  const gains = asigAdc.map((a, i) => (nsr * percentG(a)) / percentG(anoiseAdc[i % anoiseAdc.length] as number));
  const t0 = Math.round(NST_PROTOCOL.firstNoisySec * fsHz);
  const dt = Math.round(NST_PROTOCOL.segmentSec * fsHz);
  const protocol: NstProtocolStep[] = [];
  let on = false;
  for (let t = t0; t < nSamples; t += dt) {
    on = !on;
    protocol.push({ sample: t, gains: gains.map((g) => (on ? percentG(g) : 0)) });
  }
  protocol.push({ sample: nSamples, gains: gains.map(() => 0) });
  return { protocol, gains };
}

/**
 * WFDB `nst` (noise stress test, Moody, Muldrow & Mark 1984): adds calibrated noise from a noise record to a clean
 * record following a protocol, sample for sample as nst.c does it, so the output is bit-identical to the published
 * MIT-BIH Noise Stress Test Database records (e.g. nstdb 118e06 = 118 + em at 6 dB). The ADC zero of each clean signal
 * is removed; at each protocol step an integer offset z_i is recomputed so the output does not jump; each output
 * sample is trunc(clean − zero + gain · noise − z); when the noise record ends it restarts from its first sample (with
 * nst's offset adjustment). Noise signal i mod nnoise is added to clean signal i.
 *
 * Source: WFDB Software Package `nst` (nst.c) and its manual page; G. B. Moody, W. K. Muldrow, R. G. Mark, "A noise
 * stress test for arrhythmia detectors", Computers in Cardiology 1984;11:381–384.
 * @param clean clean record (ADC units, one sample per frame, e.g. mitdb 118).
 * @param cleanAnnotations its reference annotations (used by sigamp for the QRS amplitude).
 * @param noise noise record at the same sampling frequency (e.g. nstdb `em`).
 * @param snrDb SNR of the noisy segments, dB.
 * @returns the output signals, protocol and gains.
 * @throws Error naming the records when their sampling frequencies differ by more than 10 % (nst would resample).
 */
export function noiseStressTest(
  clean: WfdbRecord,
  cleanAnnotations: readonly Annotation[],
  noise: WfdbRecord,
  snrDb: number,
): NoiseStressRecord {
  if (0.9 * clean.fsHz > noise.fsHz || noise.fsHz > 1.1 * clean.fsHz) {
    throw new Error(
      `nst: records ${clean.recordName} (${clean.fsHz} Hz) and ${noise.recordName} (${noise.fsHz} Hz) differ in sampling frequency`,
    );
  }
  const asig = sigampQrsPeakToPeakAdc(clean, cleanAnnotations);
  const anoise = sigampRmsAdc(noise);
  const { protocol, gains } = nstProtocol(asig, anoise, snrDb, clean.nSamples, clean.fsHz);
  const nSig = clean.adc.length;
  const nNoise = noise.adc.length;
  const specs = clean.header.signals;
  const zero = specs.map((s) => s.adcZero);
  const invalidIn = specs.map((s) => invalidAdcValue(s.format));
  const invalidNoise = noise.header.signals.map((s) => invalidAdcValue(s.format));
  const out = Array.from({ length: nSig }, () => new Int32Array(clean.nSamples));
  const gn = new Float64Array(nSig);
  const z = new Int32Array(nSig);
  const vin = new Int32Array(nSig);
  const vnoise = new Int32Array(nSig);
  const vout = new Int32Array(nSig);
  const valid = (i: number): boolean =>
    vin[i] !== WFDB_INVALID_SAMPLE && vnoise[i] !== WFDB_INVALID_SAMPLE && vout[i] !== WFDB_INVALID_SAMPLE;
  const readFrame = (t: number, noiseT: number): void => {
    for (let i = 0; i < nSig; i++) {
      const v = clean.adc[i]?.[t] as number;
      vin[i] = v === invalidIn[i] ? WFDB_INVALID_SAMPLE : v;
      const k = i % nNoise;
      const n = noise.adc[k]?.[noiseT] as number;
      vnoise[i] = n === invalidNoise[k] ? WFDB_INVALID_SAMPLE : n;
    }
  };
  const nEnd = noise.nSamples;
  let nLeft = nEnd;
  let noiseT = 0;
  let t = 0;
  for (const step of protocol) {
    for (; t < step.sample && t < clean.nSamples; t++) {
      if (--nLeft <= 0) {
        nLeft = nEnd;
        noiseT = 0;
        readFrame(t, noiseT);
        for (let i = 0; i < nSig; i++) {
          if (valid(i)) z[i] = Math.trunc((vin[i] as number) + (gn[i] as number) * (vnoise[i] as number) - (vout[i] as number));
        }
      } else {
        readFrame(t, noiseT);
      }
      noiseT++;
      for (let i = 0; i < nSig; i++) {
        if (valid(i)) {
          vin[i] = (vin[i] as number) - (zero[i] as number);
          vout[i] = Math.trunc((vin[i] as number) + (gn[i] as number) * (vnoise[i] as number) - (z[i] as number));
        } else {
          vout[i] = WFDB_INVALID_SAMPLE;
        }
        (out[i] as Int32Array)[t] = vout[i] as number;
      }
    }
    for (let i = 0; i < nSig; i++) {
      gn[i] = step.gains[i] ?? 0;
      z[i] = Math.trunc((vin[i] as number) + (gn[i] as number) * (vnoise[i] as number) - (vout[i] as number));
    }
  }
  return { adc: out, protocol, gains };
}
