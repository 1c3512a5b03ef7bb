import { basename, extname } from 'node:path';
import { WfdbError } from '../wfdb/errors';
import type { SignalSpec, WfdbHeader } from '../wfdb/header';
import type { WfdbRecord } from '../wfdb/record';
import { invalidAdcValue } from '../wfdb/record';

/**
 * The common in-memory shape of records read from EDF/EDF+ and ISHNE: a {@link WfdbRecord}, so the analysis
 * pipeline, `toPhysical` and the viewers consume it unchanged.
 *
 * The synthesized `header` describes the signals (gain, baseline, units, description, samples per frame, start
 * date/time) for the pipeline; it is not a storage description a WFDB tool could read. Every signal gets WFDB
 * storage format 32, whose invalid-sample value −2³¹ ({@link IMPORTED_INVALID_ADC}) cannot collide with a 16-bit
 * EDF/ISHNE sample: it marks the frames of EDF+D gaps, which `toPhysical` turns into NaN.
 *
 * Signals at different rates follow WFDB's samples-per-frame model: the frame rate `fsHz` is the greatest common
 * divisor of the signals' rates, and a signal at k × fsHz holds k samples per frame (EDF: samplesPerRecord / gcd of
 * all samplesPerRecord). The analysis pipeline reads every lead at `fsHz` (it assumes 1 sample per frame), so a
 * caller that analyses an EDF file chooses signals of one rate (the `signals` option of `readEdfRecord`).
 */

/** WFDB storage format given to imported signals (see the module comment). */
export const IMPORTED_SIGNAL_FORMAT = 32;
/** ADC value of samples with no data (EDF+D gaps); `toPhysical` returns NaN for them. */
export const IMPORTED_INVALID_ADC = invalidAdcValue(IMPORTED_SIGNAL_FORMAT) as number;

/** What the pipeline needs to know of one imported signal. */
export interface ImportedSignal {
  /** Label / lead name. */
  description: string;
  /** Physical unit, e.g. `mV`. */
  units: string;
  /** ADC units per physical unit (may be fractional or negative, as EDF's ranges allow). */
  gainAdcPerUnit: number;
  /** ADC value of 0 physical units (may be fractional). */
  baselineAdc: number;
  samplesPerFrame: number;
  adcResolutionBits: number;
}

/** Start of a recording (local clock time). */
export interface ImportedStart {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Builds the WFDB header of an imported record.
 * @param path the source file (its base name without extension becomes the record name).
 * @param fsHz frame rate, in Hz.
 * @param nSamples frames in the whole record.
 * @param start start date and time, or null when unknown.
 * @param signals the signals, in record order.
 * @param comments free-text lines (patient/recording identification).
 * @param warnings tolerated deviations of the source file, carried as the header's `warnings`.
 * @returns a header with one {@link SignalSpec} per signal (format {@link IMPORTED_SIGNAL_FORMAT}).
 */
export function importedWfdbHeader(
  path: string,
  fsHz: number,
  nSamples: number,
  start: ImportedStart | null,
  signals: readonly ImportedSignal[],
  comments: string[],
  warnings: string[],
): WfdbHeader {
  const fileName = basename(path);
  return {
    recordName: basename(path, extname(path)),
    nSignals: signals.length,
    fsHz,
    counterFreqHz: null,
    nSamples,
    baseTime: start === null ? null : `${two(start.hour)}:${two(start.minute)}:${two(start.second)}`,
    baseDate: start === null ? null : `${two(start.day)}/${two(start.month)}/${start.year}`,
    signals: signals.map((s): SignalSpec => ({
      fileName,
      format: IMPORTED_SIGNAL_FORMAT,
      samplesPerFrame: s.samplesPerFrame,
      skew: 0,
      byteOffset: 0,
      gainAdcPerUnit: s.gainAdcPerUnit,
      baselineAdc: s.baselineAdc,
      units: s.units,
      adcResolutionBits: s.adcResolutionBits,
      adcZero: 0,
      initialValue: 0,
      checksum: null,
      blockSize: 0,
      description: s.description,
    })),
    comments,
    warnings,
  };
}

/**
 * Checks a requested frame range against a record's length.
 * @param path file named in the error.
 * @param startSample first frame (default 0).
 * @param endSample frame after the last (default totalFrames).
 * @param totalFrames frames in the record.
 * @returns the range with defaults applied.
 * @throws WfdbError naming the file when the bounds are not integers with 0 ≤ start ≤ end ≤ totalFrames.
 */
export function checkFrameRange(
  path: string,
  startSample: number | undefined,
  endSample: number | undefined,
  totalFrames: number,
): { startSample: number; endSample: number } {
  const start = startSample ?? 0;
  const end = endSample ?? totalFrames;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > totalFrames) {
    throw new WfdbError(path, `sample range [${start}, ${end}) is outside the record's ${totalFrames} frames`);
  }
  return { startSample: start, endSample: end };
}

/** A record read from a non-WFDB file: a {@link WfdbRecord} plus where its frames came from. */
export interface ImportedRecord extends WfdbRecord {
  /** First frame read (0-based, from the start of the recording); `adc` holds frames [startSample, startSample + nSamples). */
  startSample: number;
  /** Deviations from the format's specification that the reader tolerated, in words. */
  warnings: string[];
}
