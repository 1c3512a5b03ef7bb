import { closeSync } from 'node:fs';
import { openForReading, readRange } from './file-range';
import { checkFrameRange, importedWfdbHeader, type ImportedRecord, type ImportedStart } from './imported-record';
import { ISHNE_BYTES_PER_SAMPLE, ISHNE_LEAD_NAMES, readIshneHeader, type IshneHeader } from './ishne-header';

/** Options of {@link readIshneRecord}. */
export interface ReadIshneOptions {
  /** First sample to read, 0-based (default 0). */
  startSample?: number;
  /** Sample after the last one to read (default: Sample_Size_ECG). */
  endSample?: number;
}

/** An ISHNE record in the common shape (see `imported-record.ts`), with its header. */
export interface IshneRecord extends ImportedRecord {
  ishne: IshneHeader;
}

/** Tunables of {@link readIshneRecord}. */
export const ISHNE_READ_CONFIG = Object.freeze({
  /** Bytes read per chunk; bounds the temporary memory. */
  chunkBytes: 4 << 20,
});

/** Record_Date + Start_Time when both are complete and plausible, else null. */
function startOf(h: IshneHeader): ImportedStart | null {
  const [day = -1, month = -1, year = -1] = h.recordDate;
  const [hour = -1, minute = -1, second = -1] = h.startTime;
  const ok = day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1 && hour >= 0 && hour <= 23 && minute >= 0 && second >= 0;
  return ok ? { year, month, day, hour, minute, second } : null;
}

/**
 * Reads an ISHNE Holter `.ecg` file (or a sample range of it) into the common record shape.
 *
 * Every lead is sampled at Sampling_Rate (1 sample per frame). Lead i's ADC values are the stored int16 values;
 * its gain is 10⁶ / Resolution(i) ADC units per mV (Resolution in nV per unit), baseline 0, and its description
 * the Lead_Spec name (table 1 of Badilini 1998).
 *
 * @param path the `.ecg` file.
 * @param options sample range; see {@link ReadIshneOptions}. Only the bytes of that range are read.
 * @returns the record; `adc[i]` holds lead i, nSamples values.
 * @throws WfdbError naming the file and the problem: any header error (see `readIshneHeader`, including a CRC
 *   mismatch), or a range outside [0, Sample_Size_ECG].
 */
export function readIshneRecord(path: string, options: ReadIshneOptions = {}): IshneRecord {
  const h = readIshneHeader(path);
  const { startSample, endSample } = checkFrameRange(path, options.startSample, options.endSample, h.nSamples);
  const nLeads = h.nLeads;
  const n = endSample - startSample;
  const adc = Array.from({ length: nLeads }, () => new Int32Array(n));
  const frameBytes = nLeads * ISHNE_BYTES_PER_SAMPLE;
  const framesPerChunk = Math.max(1, Math.floor(ISHNE_READ_CONFIG.chunkBytes / frameBytes));
  const buf = new Uint8Array(Math.min(framesPerChunk, Math.max(n, 1)) * frameBytes);
  const view = new DataView(buf.buffer);
  const fd = openForReading(path, 'ISHNE file');
  try {
    for (let f0 = 0; f0 < n; f0 += framesPerChunk) {
      const nf = Math.min(framesPerChunk, n - f0);
      const length = nf * frameBytes;
      const position = h.ecgOffset + (startSample + f0) * frameBytes;
      readRange(fd, path, buf, length, position, 'ISHNE file', () => 'the ECG');
      for (let lead = 0; lead < nLeads; lead++) {
        const out = adc[lead] as Int32Array;
        for (let f = 0, o = lead * ISHNE_BYTES_PER_SAMPLE; f < nf; f++, o += frameBytes) out[f0 + f] = view.getInt16(o, true);
      }
    }
  } finally {
    closeSync(fd);
  }
  const header = importedWfdbHeader(
    path,
    h.samplingRateHz,
    h.nSamples,
    startOf(h),
    adc.map((_, lead) => ({
      description: ISHNE_LEAD_NAMES[h.leadSpec[lead] as number] ?? `lead ${lead}`,
      units: 'mV',
      gainAdcPerUnit: 1e6 / (h.resolutionNv[lead] as number),
      baselineAdc: 0,
      samplesPerFrame: 1,
      adcResolutionBits: 16,
    })),
    [`${h.firstName} ${h.lastName}`.trim(), h.id, h.recorder, h.variableBlock].filter((c) => c !== ''),
    [],
  );
  return {
    headerPath: path,
    header,
    recordName: header.recordName,
    fsHz: h.samplingRateHz,
    nSamples: n,
    adc,
    startSample,
    warnings: [],
    ishne: h,
  };
}
