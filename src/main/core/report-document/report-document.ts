import { holterReport, HOLTER_REPORT_CONFIG, type HolterReport, type HolterReportConfig } from '../report/holter-report';
import { recordClock } from '../report/record-clock';
import { reportEvents } from '../report/report-events';
import type { CaseExportSource } from '../exports/case-export-source';
import { isSigned, type ExportProvenance } from '../exports/export-provenance';
import { mergeExcludedSpans } from '../report/excluded-spans';
import type { SampleSpan } from '../report/report-input';
import { addedStripSpecs, readStrips, REPORT_STRIP_CONFIG, selectStrips, type ReportStrip, type ReportStripConfig } from './report-strips';
import { formatReportTime, reportSections, type ReportTable } from './report-sections';

/** A Holter report ready to print: figures, tables, strips, provenance. */
export interface ReportDocument {
  /** Title line, e.g. `Holter report: 208`. */
  readonly title: string;
  /** True until a physician signed the case: every page then says PRELIMINARY. */
  readonly preliminary: boolean;
  /** The report core's figures the tables print. */
  readonly report: HolterReport;
  readonly tables: readonly ReportTable[];
  /** Representative strips of the findings, chosen by the report. */
  readonly strips: readonly ReportStrip[];
  /** Strips the reviewer added from the review screen (rows of at most one strip length). */
  readonly addedStrips: readonly ReportStrip[];
  readonly provenance: ExportProvenance;
}

/** Word printed on every page of an unsigned report. */
export const PRELIMINARY_MARK = 'PRELIMINARY';

/** Rhythm label of the episodes the rhythm stage found too noisy to classify. */
const NOISE_LABEL = 'NOISE';

/**
 * What the report leaves out of analysed time, by cause: the artefact stretches the reviewer marked and the noise
 * episodes (Holter rhythm type NOISE, as reviewed: a deleted or relabelled one no longer counts).
 * @param source - the case.
 * @returns both lists of spans and the seconds each covers (an overlap counts in both; the time base counts it once).
 */
export function excludedByCause(source: CaseExportSource): {
  artefact: readonly SampleSpan[];
  noise: readonly SampleSpan[];
  artefactS: number;
  noiseS: number;
} {
  const noise = source.episodes.filter((e) => e.label === NOISE_LABEL).map((e) => ({ onsetSample: e.onsetSample, endSample: e.endSample }));
  const seconds = (spans: readonly SampleSpan[]): number => mergeExcludedSpans(spans).totalSamples / source.fsHz;
  return { artefact: source.artefactSpans, noise, artefactS: seconds(source.artefactSpans), noiseS: seconds(noise) };
}

/**
 * Builds the report document of a case as reviewed: the report core's figures (`holterReport`) over the case's beats
 * (artefact-flagged ones excluded) and rhythm episodes, with the reviewer's artefact stretches and the noise episodes
 * excluded from analysed time; its tables; the representative strips read from the record; and the strips the
 * reviewer added. It is PRELIMINARY unless the case is signed.
 * @param source - the case.
 * @param config - report tunables (`HOLTER_REPORT_CONFIG`).
 * @param stripConfig - strip tunables (`REPORT_STRIP_CONFIG`).
 * @returns the document.
 * @throws RangeError from the report core on invalid input; WfdbError naming the file when the strips cannot be read.
 */
export function reportDocument(
  source: CaseExportSource,
  config: HolterReportConfig = HOLTER_REPORT_CONFIG,
  stripConfig: ReportStripConfig = REPORT_STRIP_CONFIG,
): ReportDocument {
  const { recordName, fsHz, nSamples, baseTime, baseDate } = source;
  const excluded = excludedByCause(source);
  const report = holterReport(
    {
      recordName,
      fsHz,
      nSamples,
      baseTime,
      baseDate,
      beats: source.beats.map((b) => ({ sample: b.sample, label: b.label, excluded: b.artefact })),
      excludedSpans: [...excluded.artefact, ...excluded.noise],
      rhythmEpisodes: source.episodes,
    },
    config,
  );
  const clock = recordClock(recordName, fsHz, baseTime, baseDate);
  const timeOf = (sample: number): string => formatReportTime(clock.at(sample));
  const specs = selectStrips(report, reportEvents(report), timeOf, stripConfig);
  return {
    title: `Holter report: ${recordName}`,
    preliminary: !isSigned(source.provenance.review),
    report,
    tables: reportSections(report, source.provenance, excluded, timeOf),
    strips: readStrips(source.headerPath, specs, source.beats),
    addedStrips: readStrips(source.headerPath, addedStripSpecs(source.addedStrips, fsHz, timeOf, stripConfig), source.beats),
    provenance: source.provenance,
  };
}
