import type { LabelSource, RhythmEpisode } from '../../../shared/api';
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
  /** Beats in increasing sample order. */
  readonly beats: readonly ExportBeat[];
  /** Rhythm episodes in time order. */
  readonly episodes: readonly RhythmEpisode[];
  readonly provenance: ExportProvenance;
}
