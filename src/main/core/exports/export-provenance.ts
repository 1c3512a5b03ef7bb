import type { ModelVersion, ReviewerProfile, ReviewStatus } from '../../../shared/api';

/** Role of a reviewer profile. */
type ReviewerRole = ReviewerProfile['role'];

/**
 * Who reviewed and who signed a case, as the store holds it: the review status, the reviewer who marked it reviewed
 * (while that still holds: an edit after it moves the case back to in_review) and the physician who signed it, each
 * with their profile's role and the time.
 */
export interface ReviewSignOff {
  /** Review status of the case when the export was made. */
  readonly status: ReviewStatus;
  /** Who marked the case reviewed, while it is reviewed or signed; else null. */
  readonly reviewer: string | null;
  /** The reviewer's profile role, or null when the name is not a profile (a free-text name). */
  readonly reviewerRole: ReviewerRole | null;
  /** When the case was marked reviewed (ISO 8601 UTC), or null. */
  readonly reviewedAt: string | null;
  /** Physician who signed the case, while it is signed; else null. */
  readonly signedBy: string | null;
  /** The signer's profile role (always physician: only a physician profile can sign), or null when unsigned. */
  readonly signerRole: ReviewerRole | null;
  /** When the case was signed (ISO 8601 UTC), or null. */
  readonly signedAt: string | null;
}

/** A sign-off of a case nobody reviewed or signed (an analysis made for the export). */
export const UNREVIEWED: ReviewSignOff = Object.freeze({
  status: 'open',
  reviewer: null,
  reviewerRole: null,
  reviewedAt: null,
  signedBy: null,
  signerRole: null,
  signedAt: null,
});

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
 * Whether a case is signed: its status is 'signed' and a physician and a signing time are recorded.
 * @param review - the case's sign-off.
 * @returns true only then; a report of any other case is PRELIMINARY.
 */
export function isSigned(review: ReviewSignOff): boolean {
  return review.status === 'signed' && Boolean(review.signedBy) && Boolean(review.signedAt);
}

/**
 * A person of the sign-off as printed: `name (role) at time`.
 * @param name - the name, or null.
 * @param role - the profile's role, or null when the name is not a profile.
 * @param at - ISO 8601 time, or null.
 * @returns e.g. `Dr Lee (physician) at 2026-12-01T10:00:00.000Z`, or `none`.
 */
export function signOffPerson(name: string | null, role: ReviewerRole | null, at: string | null): string {
  if (name === null) return 'none';
  return `${name}${role === null ? '' : ` (${role})`}${at === null ? '' : ` at ${at}`}`;
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
    `reviewer: ${signOffPerson(review.reviewer, review.reviewerRole, review.reviewedAt)}`,
    `signed: ${isSigned(review) ? signOffPerson(review.signedBy, review.signerRole, review.signedAt) : 'no'}`,
    `exported: ${p.exportedAt}`,
  ];
}
