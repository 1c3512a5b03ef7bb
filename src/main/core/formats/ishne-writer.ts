import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileSystemError } from '../wfdb/errors';
import { crcCcitt } from './crc-ccitt';
import { encodeField, sequentialOffsets } from './field-spec';
import {
  ISHNE_ABSENT,
  ISHNE_BYTES_PER_SAMPLE,
  ISHNE_FIXED_OFFSET,
  ISHNE_HEADER_BYTES,
  ISHNE_HEADER_FIELDS,
  ISHNE_MAGIC,
  ISHNE_MAX_LEADS,
  type IshneFixedBlock,
} from './ishne-header';

/** One lead to write. */
export interface IshneLeadInput {
  /** Lead_Spec code (`ISHNE_LEAD_NAMES`), 0–19. */
  leadSpec: number;
  /** Lead_Qual code 0–5 (default 0, unrated). */
  quality?: number;
  /** Resolution in nV per ADC unit (e.g. 5000 for 200 ADC units per mV). */
  resolutionNv: number;
  /** Samples in ADC units, each an integer in [−32768, 32767]. */
  samples: ArrayLike<number>;
}

/** What {@link writeIshne} writes: the leads plus the optional header fields (defaults: empty text, 0, or −9 dates). */
export interface IshneWriteInput {
  samplingRateHz: number;
  leads: readonly IshneLeadInput[];
  /** Pacemaker code 0–5 (default 0, none). */
  pacemaker?: number;
  /** Free text of the variable-length block (Latin-1). */
  variableBlock?: string;
  fields?: Partial<
    Omit<
      IshneFixedBlock,
      | 'varBlockBytes'
      | 'nSamples'
      | 'varBlockOffset'
      | 'ecgOffset'
      | 'nLeads'
      | 'leadSpec'
      | 'leadQuality'
      | 'resolutionNv'
      | 'pacemaker'
      | 'samplingRateHz'
    >
  >;
}

const pad12 = (values: number[]): number[] => [...values, ...Array<number>(ISHNE_MAX_LEADS - values.length).fill(ISHNE_ABSENT)];

/**
 * Encodes an ISHNE Holter `.ecg` file: magic, CRC-CCITT of the header, fixed block from {@link ISHNE_HEADER_FIELDS},
 * variable-length block, interleaved int16 little-endian samples.
 * @param input leads (1–12, equal lengths), rate and header fields.
 * @returns the file's bytes.
 * @throws RangeError naming the field or lead when a value does not fit the format.
 */
export function encodeIshne(input: IshneWriteInput): Uint8Array {
  const { leads } = input;
  if (leads.length < 1 || leads.length > ISHNE_MAX_LEADS)
    throw new RangeError(`an ISHNE file holds 1–${ISHNE_MAX_LEADS} leads, not ${leads.length}`);
  const nSamples = leads[0]?.samples.length ?? 0;
  leads.forEach((lead, i) => {
    if (lead.samples.length !== nSamples) throw new RangeError(`lead ${i} has ${lead.samples.length} samples, lead 0 has ${nSamples}`);
  });
  const variable = Buffer.from(input.variableBlock ?? '', 'latin1');
  const ecgOffset = ISHNE_HEADER_BYTES + variable.length;
  const frameBytes = leads.length * ISHNE_BYTES_PER_SAMPLE;
  const bytes = new Uint8Array(ecgOffset + nSamples * frameBytes);
  const unknownDate = [ISHNE_ABSENT, ISHNE_ABSENT, ISHNE_ABSENT];
  const values: IshneFixedBlock = {
    fileVersion: 1,
    firstName: '',
    lastName: '',
    id: '',
    sex: 0,
    race: 0,
    birthDate: unknownDate,
    recordDate: unknownDate,
    fileDate: unknownDate,
    startTime: unknownDate,
    recorder: '',
    proprietary: '',
    copyright: '',
    reserved: '',
    ...input.fields,
    varBlockBytes: variable.length,
    nSamples,
    varBlockOffset: ISHNE_HEADER_BYTES,
    ecgOffset,
    nLeads: leads.length,
    leadSpec: pad12(leads.map((l) => l.leadSpec)),
    leadQuality: pad12(leads.map((l) => l.quality ?? 0)),
    resolutionNv: pad12(leads.map((l) => l.resolutionNv)),
    pacemaker: input.pacemaker ?? 0,
    samplingRateHz: input.samplingRateHz,
  };
  const offsetOf = sequentialOffsets(ISHNE_HEADER_FIELDS, ISHNE_FIXED_OFFSET);
  ISHNE_HEADER_FIELDS.forEach((spec, i) => encodeField(bytes, offsetOf(i), spec, values[spec.name]));
  leads.forEach((lead, i) => {
    if (lead.leadSpec < 0 || (lead.quality !== undefined && lead.quality < 0) || lead.resolutionNv < 1) {
      throw new RangeError(
        `lead ${i}: Lead_Spec ${lead.leadSpec}, Lead_Qual ${lead.quality ?? 0}, Resolution ${lead.resolutionNv} nV are not a present lead`,
      );
    }
  });
  Buffer.from(ISHNE_MAGIC, 'latin1').copy(bytes, 0);
  bytes.set(variable, ISHNE_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, crcCcitt(bytes.subarray(ISHNE_FIXED_OFFSET, ecgOffset)), true);
  leads.forEach((lead, i) => {
    for (let k = 0, o = ecgOffset + i * ISHNE_BYTES_PER_SAMPLE; k < nSamples; k++, o += frameBytes) {
      const v = lead.samples[k] as number;
      if (!Number.isInteger(v) || v < -32768 || v > 32767) throw new RangeError(`lead ${i}, sample ${k}: ${v} is not an int16 value`);
      view.setInt16(o, v, true);
    }
  });
  return bytes;
}

/**
 * Writes an ISHNE Holter `.ecg` file (see {@link encodeIshne}); the file appears complete or not at all (written to
 * a temporary file in the same folder, then renamed).
 * @param path destination.
 * @param input leads, rate and header fields.
 * @throws RangeError for values that do not fit the format; WfdbError naming the file when it cannot be written.
 */
export function writeIshne(path: string, input: IshneWriteInput): void {
  const bytes = encodeIshne(input);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileSystemError(path, err, 'ISHNE file', 'write');
  }
}
