import type { ModelVersion, ReviewStatus } from '../../../shared/api';

/**
 * Who reviewed and signed a case, as far as the store knows. The signing fields are optional: they are filled when the
 * store records a signature (reviewer profiles and the `signed` status), and a case without `signedAt` is unsigned.
 */
export interface ReviewSignOff {
  /** Review status of the case when the export was made. */
  readonly status: ReviewStatus | 'signed';
  /** Reviewer who last set the status, or null. */
  readonly reviewer: string | null;
  /** When the case was last marked reviewed (ISO 8601 UTC), or null. */
  readonly reviewedAt: string | null;
  /** Physician who signed the report, when signed. */
  readonly signedBy?: string | null;
  /** When the report was signed (ISO 8601 UTC), when signed. */
  readonly signedAt?: string | null;
}

/** What every export states about its origin: record, analysis, models and review. */
export interface ExportProvenance {
  readonly recordName: string;
  /** The analysis the export was made from: when, on which backend and detector; null for an unstored analysis. */
  readonly analysis: { readonly createdAt: string; readonly backend: string; readonly detector: string } | null;
  /** Models the analysis ran with (directory name, version, weights sha256). */
  readonly models: readonly ModelVersion[];
  readonly review: ReviewSignOff;
  /** App version that wrote the export. */
  readonly appVersion: string;
  /** When the export was made (ISO 8601 UTC). */
  readonly exportedAt: string;
}

/**
 * Whether a sign-off is complete: a physician and a signing time are recorded.
 * @param review - the case's sign-off.
 * @returns true only when both `signedBy` and `signedAt` are present.
 */
export function isSigned(review: ReviewSignOff): boolean {
  return Boolean(review.signedBy) && Boolean(review.signedAt);
}

/**
 * The provenance as short `key: value` lines (ASCII), the same in every export format: CSV comment lines, WFDB NOTE
 * annotations and the PDF's footer block.
 * @param p - the export's provenance.
 * @returns one line per fact: record, app, analysis, each model, review status, reviewer, signature, export time.
 */
export function provenanceLines(p: ExportProvenance): string[] {
  const { review } = p;
  return [
    `record: ${p.recordName}`,
    `app: holter-workstation ${p.appVersion}`,
    p.analysis
      ? `analysis: ${p.analysis.createdAt} backend ${p.analysis.backend} detector ${p.analysis.detector}`
      : 'analysis: not stored (analysed for this export)',
    ...p.models.map((m) => `model: ${m.name} ${m.version} sha256 ${m.sha256}`),
    `review status: ${review.status}${isSigned(review) ? '' : ' (PRELIMINARY, not signed)'}`,
    `reviewer: ${review.reviewer ?? 'none'}${review.reviewedAt ? ` at ${review.reviewedAt}` : ''}`,
    `signed: ${isSigned(review) ? `${review.signedBy ?? ''} at ${review.signedAt ?? ''}` : 'no'}`,
    `exported: ${p.exportedAt}`,
  ];
}
