import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ModelVersions as ModelVersionsResult,
  ModelVersionView,
  RhythmHead,
  RhythmScoresByClass,
  RhythmVersionView,
  ScoresByClass,
} from '../../../shared/api';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { modelVersion } from '../analysis/model-version';
import { labelDiff } from '../retrain/label-diff';
import type { ModelVersionRow, ModelVersions } from '../retrain/model-versions';
import { collectReviewDataset } from '../retrain/review-dataset';
import { emptyLabelCounts, reviewedLabelSets, type LabelCounts } from '../retrain/reviewed-label-sets';
import { collectRhythmDataset, emptyRhythmCounts } from '../retrain/rhythm-dataset';
import { MULTI_LABELS } from '../retrain/window-label-set';
import type { MultiLabelRhythmSummary } from '../retrain/run-fine-tune-multi-label';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import type { RhythmFineTuneSummary } from '../retrain/run-fine-tune-rhythm';
import type { FineTuneJobs } from '../retrain/fine-tune-jobs';
import type { FineTuneSummary } from '../retrain/run-fine-tune';
import type { AppContext } from './app-context';
import { BadRequestError } from './bad-request-error';
import type { Handlers } from './handlers';

/** The `retrain:` methods. */
type RetrainMethod = Extract<keyof Handlers, `retrain:${string}`>;

/** The fields of a version's view that do not depend on its kind. */
function commonView(
  row: ModelVersionRow,
): Omit<ModelVersionView, 'reviewedBeats' | 'replayBeats' | 'replayNote' | 'validationBefore' | 'validationAfter'> {
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
    cases: (row.data as { cases: unknown[] }).cases.length,
  };
}

function rhythmVersionView(row: ModelVersionRow): RhythmVersionView {
  const data = row.data as Pick<RhythmFineTuneSummary, 'trainCounts' | 'replay'> & { head?: RhythmHead };
  const common = {
    ...commonView(row),
    replayWindows: 'windows' in data.replay ? data.replay.windows : 0,
    replayNote: 'reason' in data.replay ? data.replay.reason : null,
  };
  if (data.head === 'multi-label') {
    const multi = row.data as Pick<MultiLabelRhythmSummary, 'trainCounts' | 'cases' | 'bestEpoch'>;
    const metrics = row.metrics as Pick<MultiLabelRhythmSummary, 'before' | 'history'>;
    const reviewedWindows = emptyRhythmCounts();
    for (const c of multi.cases) for (const label of RHYTHM_LABELS) reviewedWindows[label] += c.classCounts[label];
    const bestEpoch = multi.bestEpoch;
    return {
      ...common,
      reviewedWindows,
      validationBefore: null,
      validationAfter: null,
      head: 'multi-label',
      multiLabel: {
        reviewedLabels: multi.trainCounts.reviewed,
        validationBefore: metrics.before,
        validationAfter: metrics.history.find((h) => h.epoch === bestEpoch)?.validation ?? null,
        bestEpoch,
      },
    };
  }
  const metrics = row.metrics as Pick<RhythmFineTuneSummary, 'before' | 'history'>;
  return {
    ...common,
    reviewedWindows: data.trainCounts.reviewed,
    validationBefore: metrics.before as RhythmScoresByClass | null,
    validationAfter: (metrics.history.at(-1)?.validation ?? null) as RhythmScoresByClass | null,
    head: 'single-label',
    multiLabel: null,
  };
}

function versionView(row: ModelVersionRow): ModelVersionView {
  const data = row.data as Pick<FineTuneSummary, 'trainCounts' | 'replay'>;
  const metrics = row.metrics as Pick<FineTuneSummary, 'before' | 'history'>;
  return {
    ...commonView(row),
    reviewedBeats: data.trainCounts.reviewed,
    replayBeats: 'beats' in data.replay ? data.replay.beats : 0,
    replayNote: 'reason' in data.replay ? data.replay.reason : null,
    validationBefore: metrics.before as ScoresByClass | null,
    validationAfter: (metrics.history.at(-1)?.validation ?? null) as ScoresByClass | null,
  };
}

function versionsResult(versions: ModelVersions): ModelVersionsResult {
  const active = versions.activeBeatModel();
  const rhythm = versions.activeModel('rhythm');
  return {
    shipped: modelVersion(versions.shippedBeatsDir),
    active: active.model,
    activeVersionId: active.row?.versionId ?? null,
    versions: versions.list('beats').map(versionView),
    rhythm: {
      shipped: versions.shippedVersion('rhythm'),
      active: rhythm.model,
      activeVersionId: rhythm.row?.versionId ?? null,
      versions: versions.list('rhythm').map(rhythmVersionView),
    },
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
    async 'retrain:rhythm-dataset'({ includeModelLabels }) {
      const metaPath = join(setUp().versions.activeModel('rhythm').dir, 'meta.json');
      const { windowS } = JSON.parse(readFileSync(metaPath, 'utf8')) as RhythmModelMeta;
      const dataset = collectRhythmDataset(store, { windowS, includeModelLabels });
      const labelCounts = dataset.cases.map((c) => reviewedLabelSets(store, c, Math.round(windowS * c.fsHz)).counts);
      const totalLabels = emptyLabelCounts();
      for (const counts of labelCounts) for (const label of MULTI_LABELS) totalLabels[label] += counts[label];
      return {
        includeModelLabels,
        windowS,
        classCounts: dataset.classCounts,
        labelCounts: totalLabels,
        casesWithoutAnalysis: dataset.casesWithoutAnalysis,
        cases: dataset.cases.map((c, i) => ({
          recordId: c.recordId,
          recordName: c.recordName,
          reviewStatus: c.reviewStatus,
          classCounts: c.classCounts,
          labelCounts: labelCounts[i] as LabelCounts,
          humanEpisodes: c.humanEpisodes,
          shortEpisodes: c.shortEpisodes,
          thinnedWindows: c.thinnedWindows,
          reviewers: [...new Set(c.episodes.flatMap((e) => (e.reviewer === null ? [] : [e.reviewer])))].sort(),
        })),
      };
    },
    async 'retrain:start'({ reviewer, model, includeModelLabels, rhythmHead, attentionWeight, ...hyper }) {
      const given = { ...hyper, lambda: attentionWeight };
      const hyperParameters = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
      return { jobId: setUp().retrain.start({ reviewer, model, includeModelLabels, rhythmHead, hyperParameters }) };
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
    async 'retrain:rollback'({ reviewer, model }) {
      const { versions } = setUp();
      versions.rollback(reviewer, model);
      return versionsResult(versions);
    },
    async 'retrain:diff'({ recordId }) {
      return labelDiff(store, recordId);
    },
    async 'retrain:compare'({ versionIds, shipped, recordIds, ds2 }) {
      return setUp().retrain.compare({ versionIds, shipped, recordIds, ds2 });
    },
    async 'retrain:compare-rhythm'({ versionIds, shipped, recordIds, physionet2017 }) {
      return setUp().retrain.compareRhythm({ versionIds, shipped, recordIds, ds2: physionet2017 });
    },
  };
}
