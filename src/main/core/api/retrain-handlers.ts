import type { ModelVersions as ModelVersionsResult, ModelVersionView, ScoresByClass } from '../../../shared/api';
import { modelVersion } from '../analysis/analyze-record';
import { labelDiff } from '../retrain/label-diff';
import type { ModelVersionRow, ModelVersions } from '../retrain/model-versions';
import { collectReviewDataset } from '../retrain/review-dataset';
import type { FineTuneJobs } from '../retrain/fine-tune-jobs';
import type { FineTuneSummary } from '../retrain/run-fine-tune';
import type { AppContext } from './app-context';
import { BadRequestError } from './bad-request-error';
import type { Handlers } from './handlers';

/** The `retrain:` methods. */
type RetrainMethod = Extract<keyof Handlers, `retrain:${string}`>;

function versionView(row: ModelVersionRow): ModelVersionView {
  const data = row.data as Pick<FineTuneSummary, 'cases' | 'trainCounts' | 'replay'>;
  const metrics = row.metrics as Pick<FineTuneSummary, 'before' | 'history'>;
  return {
    versionId: row.versionId,
    version: row.version,
    parentVersion: row.parentVersion,
    parentId: row.parentId,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    backend: row.backend,
    scope: row.scope,
    active: row.active,
    hyperParameters: row.hyperParameters,
    cases: data.cases.length,
    reviewedBeats: data.trainCounts.reviewed,
    replayBeats: 'beats' in data.replay ? data.replay.beats : 0,
    replayNote: 'reason' in data.replay ? data.replay.reason : null,
    validationBefore: metrics.before as ScoresByClass | null,
    validationAfter: (metrics.history.at(-1)?.validation ?? null) as ScoresByClass | null,
  };
}

function versionsResult(versions: ModelVersions): ModelVersionsResult {
  const active = versions.activeBeatModel();
  return {
    shipped: modelVersion(versions.shippedBeatsDir),
    active: active.model,
    activeVersionId: active.row?.versionId ?? null,
    versions: versions.list().map(versionView),
  };
}

/**
 * The retraining methods over an {@link AppContext}: the training set of the reviewed cases, start
 * and cancel of a fine-tuning run (an engine task; progress as `retrain:progress`, end as
 * `retrain:done`), the versions, activation, rollback to the shipped model, and the label diff of a
 * case's last two analyses.
 * @param ctx - the context (its `versions` and `retrain` must be set up)
 * @returns the `retrain:` handlers
 * @throws BadRequestError from each handler when the context has no retraining
 */
export function retrainHandlers(ctx: AppContext): Pick<Handlers, RetrainMethod> {
  const { store } = ctx;
  const setUp = (): { versions: ModelVersions; retrain: FineTuneJobs } => {
    if (!ctx.versions || !ctx.retrain) throw new BadRequestError('retraining is not set up in this server');
    return { versions: ctx.versions, retrain: ctx.retrain };
  };
  return {
    async 'retrain:dataset'({ includeModelLabels }) {
      const dataset = collectReviewDataset(store, { includeModelLabels });
      return {
        includeModelLabels,
        classCounts: dataset.classCounts,
        casesWithoutAnalysis: dataset.casesWithoutAnalysis,
        cases: dataset.cases.map((c) => ({
          recordId: c.recordId,
          recordName: c.recordName,
          reviewStatus: c.reviewStatus,
          classCounts: c.classCounts,
          humanBeats: c.humanBeats,
          reviewers: [...new Set(c.beats.flatMap((b) => (b.reviewer === null ? [] : [b.reviewer])))].sort(),
        })),
      };
    },
    async 'retrain:start'({ reviewer, includeModelLabels, ...hyper }) {
      const hyperParameters = Object.fromEntries(Object.entries(hyper).filter(([, v]) => v !== undefined));
      return { jobId: setUp().retrain.start({ reviewer, includeModelLabels, hyperParameters }) };
    },
    async 'retrain:cancel'({ jobId }) {
      return { cancelled: setUp().retrain.cancel(jobId) };
    },
    async 'retrain:versions'() {
      return versionsResult(setUp().versions);
    },
    async 'retrain:activate'({ versionId, reviewer }) {
      const { versions } = setUp();
      versions.activate(versionId, reviewer);
      return versionsResult(versions);
    },
    async 'retrain:rollback'({ reviewer }) {
      const { versions } = setUp();
      versions.rollback(reviewer);
      return versionsResult(versions);
    },
    async 'retrain:diff'({ recordId }) {
      return labelDiff(store, recordId);
    },
    async 'retrain:compare'({ versionIds, shipped, recordIds, ds2 }) {
      return setUp().retrain.compare({ versionIds, shipped, recordIds, ds2 });
    },
  };
}
