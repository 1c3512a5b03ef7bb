import type { HolterReport } from '../report/holter-report';
import type { ReportEvent } from '../report/report-events';
import type { ReportStripView } from '../../../shared/api';
import type { ExportBeat } from '../exports/case-export-source';
import { isNullSignal } from '../wfdb/open-record';
import { readSignalRange } from '../formats/read-signal-range';
import { toPhysicalFrames } from '../wfdb/record';
import { WfdbError } from '../wfdb/errors';

/** Tunables of the report's strips. */
export interface ReportStripConfig {
  /** Length of one strip, in s (7 s fill 175 mm of an A4 page at 25 mm/s). */
  readonly durationS: number;
  /** Most strips in one report. */
  readonly maxStrips: number;
  /** How far before the onset a strip of an event longer than the strip starts, in s. */
  readonly leadInS: number;
}

/** Default strip settings: 7 s strips, at most 16, 1 s lead-in. */
export const REPORT_STRIP_CONFIG: ReportStripConfig = Object.freeze({ durationS: 7, maxStrips: 16, leadInS: 1 });

/** Which stretch of the record a strip shows, and why. */
export interface StripSpec {
  /** The finding it illustrates, in words (ASCII). */
  readonly title: string;
  /** The finding; null for a strip the reviewer added. */
  readonly event: ReportEvent | null;
  /** First sample shown, 0-based. */
  readonly startSample: number;
  /** Sample after the last one shown. */
  readonly endSample: number;
  /** Index of the lead shown; null for the first stored lead (the one QRS detection runs on). */
  readonly lead: number | null;
}

/** A strip with its signal. */
export interface ReportStrip extends StripSpec {
  /** Sampling frequency, in Hz. */
  readonly fsHz: number;
  /** Name of the lead shown. */
  readonly leadName: string;
  /** The lead over [startSample, endSample), in mV (NaN where the record has no valid sample). */
  readonly mv: Float32Array;
  /** Beats inside the strip with their labels. */
  readonly beats: readonly ExportBeat[];
}

const CLASS_NAME = { S: 'supraventricular', V: 'ventricular' } as const;

/** Title, and a score that picks the most telling event of each kind (higher wins; ties keep the earliest). */
function describe(e: ReportEvent, timeOf: (sample: number) => string): { key: string; title: string; score: number } | null {
  const at = timeOf(e.onsetSample);
  switch (e.kind) {
    case 'min-hr':
    case 'max-hr':
      return { key: e.kind, title: `${e.kind === 'min-hr' ? 'Minimum' : 'Maximum'} heart rate ${e.bpm.toFixed(0)} bpm at ${at}`, score: 0 };
    case 'longest-run':
    case 'fastest-run':
      return {
        key: `${e.kind}-${e.beatClass}`,
        title: `${e.kind === 'longest-run' ? 'Longest' : 'Fastest'} ${CLASS_NAME[e.beatClass]} run: ${e.beats} beats, ${e.rateBpm.toFixed(0)} bpm at ${at}`,
        score: 0,
      };
    case 'run':
      if (e.tachycardia === null) return null;
      return {
        key: `run-${e.tachycardia}`,
        title: `${e.sustained ? 'Sustained' : 'Non-sustained'} ${e.tachycardia}: ${e.beats} beats, ${e.rateBpm.toFixed(0)} bpm at ${at}`,
        score: e.rateBpm,
      };
    case 'couplet':
      return { key: `couplet-${e.beatClass}`, title: `${CLASS_NAME[e.beatClass]} couplet at ${at}`, score: 0 };
    case 'bigeminy':
    case 'trigeminy':
      return {
        key: `${e.kind}-${e.beatClass}`,
        title: `${CLASS_NAME[e.beatClass]} ${e.kind}: ${e.cycles} cycles at ${at}`,
        score: e.cycles,
      };
    case 'pause':
      return { key: 'pause', title: `Pause ${(e.rrMs / 1000).toFixed(2)} s at ${at}`, score: e.rrMs };
    case 'af-episode':
      return {
        key: 'af-episode',
        title: `Atrial fibrillation onset (episode of ${e.durationS.toFixed(0)} s) at ${at}`,
        score: e.durationS,
      };
  }
}

/**
 * Picks the report's representative strips: for each kind of finding (minimum and maximum heart rate, longest and
 * fastest run per class, the fastest VT and SVT, a couplet per class, the longest bigeminy and trigeminy per class,
 * the longest pause, the longest AF episode) the most telling event, in record order, at most `maxStrips`. An event
 * that fits a strip is centred in it; a longer one starts `leadInS` after the strip. Strips stay inside the record.
 * @param report - the report figures.
 * @param events - its events (`reportEvents(report)`).
 * @param timeOf - a sample's time as the titles print it (clock time, or elapsed time without a base time).
 * @param config - strip tunables.
 * @returns strip specs ordered by start sample.
 */
export function selectStrips(
  report: HolterReport,
  events: readonly ReportEvent[],
  timeOf: (sample: number) => string,
  config: ReportStripConfig = REPORT_STRIP_CONFIG,
): StripSpec[] {
  const best = new Map<string, { title: string; score: number; event: ReportEvent }>();
  for (const event of events) {
    const d = describe(event, timeOf);
    if (d === null) continue;
    const held = best.get(d.key);
    const title = d.title.charAt(0).toUpperCase() + d.title.slice(1);
    if (held === undefined || d.score > held.score) best.set(d.key, { title, score: d.score, event });
  }
  const length = Math.min(report.nSamples, Math.round(config.durationS * report.fsHz));
  return [...best.values()]
    .map(({ title, event }) => {
      const span = event.endSample - event.onsetSample;
      const wanted =
        span <= length ? event.onsetSample - Math.floor((length - span) / 2) : event.onsetSample - Math.round(config.leadInS * report.fsHz);
      const startSample = Math.max(0, Math.min(wanted, report.nSamples - length));
      return { title, event, startSample, endSample: startSample + length, lead: null };
    })
    .sort((a, b) => a.startSample - b.startSample || a.title.localeCompare(b.title))
    .slice(0, config.maxStrips);
}

/**
 * The rows of the strips the reviewer added: each added strip in record order, cut into consecutive rows of at most
 * `durationS` (a row fills the page width at 25 mm/s), each row titled with the strip's times, who added it and its
 * note, and `part k of n` when it takes more than one row.
 * @param added - the added strips (`strips:list`), any order.
 * @param fsHz - sampling frequency, in Hz.
 * @param timeOf - a sample's time as the titles print it.
 * @param config - strip tunables.
 * @returns strip specs (lead as chosen), ordered by start sample.
 */
export function addedStripSpecs(
  added: readonly ReportStripView[],
  fsHz: number,
  timeOf: (sample: number) => string,
  config: ReportStripConfig = REPORT_STRIP_CONFIG,
): StripSpec[] {
  const rowLength = Math.max(1, Math.round(config.durationS * fsHz));
  return [...added]
    .sort((a, b) => a.startSample - b.startSample || a.stripId - b.stripId)
    .flatMap((strip) => {
      const rows = Math.ceil((strip.endSample - strip.startSample) / rowLength);
      const base =
        `Added strip ${timeOf(strip.startSample)} to ${timeOf(strip.endSample)}, by ${strip.addedBy}` +
        (strip.note === null ? '' : `: ${strip.note}`);
      return Array.from({ length: rows }, (_, k) => ({
        title: rows > 1 ? `${base} (part ${k + 1} of ${rows})` : base,
        event: null,
        startSample: strip.startSample + k * rowLength,
        endSample: Math.min(strip.endSample, strip.startSample + (k + 1) * rowLength),
        lead: strip.lead,
      }));
    });
}

/**
 * Reads the signal of each strip from the record (only the strip's samples), in mV, from its lead (the first stored
 * lead unless the spec names one).
 * @param headerPath - the record's file (a WFDB `.hea`, an EDF/EDF+ or ISHNE file).
 * @param specs - strips from {@link selectStrips}.
 * @param beats - the case's beats in sample order (those inside each strip are attached to it).
 * @returns the strips with their signal.
 * @throws WfdbError naming the file when the record cannot be read or has no stored lead (or not the one named).
 */
export function readStrips(headerPath: string, specs: readonly StripSpec[], beats: readonly ExportBeat[]): ReportStrip[] {
  return specs.map((spec) => {
    const record = readSignalRange(headerPath, { startSample: spec.startSample, endSample: spec.endSample });
    const lead = spec.lead ?? record.header.signals.findIndex((s) => !isNullSignal(s));
    const signal = record.header.signals[lead];
    if (signal === undefined || isNullSignal(signal))
      throw new WfdbError(headerPath, spec.lead === null ? 'no stored lead to draw the report strips from' : `no stored lead ${lead}`);
    const inStrip = beats.filter((b) => b.sample >= spec.startSample && b.sample < spec.endSample);
    return {
      ...spec,
      fsHz: record.fsHz,
      leadName: signal.description || `signal ${lead}`,
      mv: toPhysicalFrames(record, lead),
      beats: inStrip,
    };
  });
}
