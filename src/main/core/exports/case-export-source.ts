import type { LabelSource, ReportStripView, RhythmEpisode } from '../../../shared/api';
import type { SampleSpan } from '../report/report-input';
import type { AamiClass } from '../../../shared/labels';
import type { ExportProvenance } from './export-provenance';

/** One beat as exports write it. */
export interface ExportBeat {
  /** QRS fiducial point, 0-based sample index. */
  readonly sample: number;
  /** AAMI EC57 class, the human label where the reviewer set one. */
  readonly label: AamiClass;
  /** Whether the label is the model's or a reviewer's. */
  readonly source: LabelSource;
  /** Marked artefact by the reviewer: left out of the report's counts, heart rate and intervals. */
  readonly artefact: boolean;
}

/** Everything the exports and the report document of one case are made from. */
export interface CaseExportSource {
  /** The record's `.hea` file (strips are read from it). */
  readonly headerPath: string;
  readonly recordName: string;
  /** Sampling frequency, in Hz. */
  readonly fsHz: number;
  /** Record length, in samples. */
  readonly nSamples: number;
  /** WFDB header base time as written (`hh:mm:ss`), or null. */
  readonly baseTime: string | null;
  /** WFDB header base date as written (`dd/mm/yyyy`), or null. */
  readonly baseDate: string | null;
  /** Beats in increasing sample order (deleted ones left out). */
  readonly beats: readonly ExportBeat[];
  /** Rhythm episodes in time order, as reviewed (deleted ones left out, edited labels in). */
  readonly episodes: readonly RhythmEpisode[];
  /** Artefact stretches the reviewer marked, sorted and disjoint (the report excludes them from analysed time). */
  readonly artefactSpans: readonly SampleSpan[];
  /** Strips the reviewer added to the report, by start sample. */
  readonly addedStrips: readonly ReportStripView[];
  readonly provenance: ExportProvenance;
}
