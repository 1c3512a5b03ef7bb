import { holterReport, HOLTER_REPORT_CONFIG, type HolterReport, type HolterReportConfig } from '../report/holter-report';
import { recordClock } from '../report/record-clock';
import { reportEvents } from '../report/report-events';
import type { CaseExportSource } from '../exports/case-export-source';
import { isSigned, type ExportProvenance } from '../exports/export-provenance';
import { readStrips, REPORT_STRIP_CONFIG, selectStrips, type ReportStrip, type ReportStripConfig } from './report-strips';
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
  readonly strips: readonly ReportStrip[];
  readonly provenance: ExportProvenance;
}

/** Word printed on every page of an unsigned report. */
export const PRELIMINARY_MARK = 'PRELIMINARY';

/**
 * Builds the report document of a case: the report core's figures (`holterReport`) over the case's beats and rhythm
 * episodes (no excluded spans or artefact flags yet: every beat is analysed), its tables, and the representative
 * strips read from the record.
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
  const report = holterReport(
    {
      recordName,
      fsHz,
      nSamples,
      baseTime,
      baseDate,
      beats: source.beats.map((b) => ({ sample: b.sample, label: b.label, excluded: false })),
      excludedSpans: [],
      rhythmEpisodes: source.episodes,
    },
    config,
  );
  const clock = recordClock(recordName, fsHz, baseTime, baseDate);
  const specs = selectStrips(report, reportEvents(report), (sample) => formatReportTime(clock.at(sample)), stripConfig);
  return {
    title: `Holter report: ${recordName}`,
    preliminary: !isSigned(source.provenance.review),
    report,
    tables: reportSections(report, source.provenance),
    strips: readStrips(source.headerPath, specs, source.beats),
    provenance: source.provenance,
  };
}
