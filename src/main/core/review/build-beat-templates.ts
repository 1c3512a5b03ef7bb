import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { probeSignalRecord } from '../formats/probe-signal-record';
import { forEachBeatWindow, type BeatWindowReading } from './beat-window-reader';
import { leaderClustering, type FeatureMatrix } from './leader-clustering';
import { BEAT_TEMPLATE_CONFIG, checkTemplateConfig, type BeatTemplateConfig } from './template-config';
import { evenlySpaced, makeTemplate, orderTemplates, type BeatTemplate, type TemplateSet } from './template-set';
import { windowLayout, type WindowLayout } from './window-layout';

/** The beats to group: R-peak samples and their current AAMI labels. */
export interface TemplateBeats {
  /** R-peak sample of each beat, 0-based, non-decreasing, within the record */
  samples: Int32Array;
  /** AAMI class of each beat (same length as `samples`) */
  labels: readonly AamiClass[];
}

/** Options of {@link buildBeatTemplates}. */
export interface BuildTemplatesOptions {
  /** 'per-class' (default): cluster within each label; 'class-agnostic': all beats together */
  mode?: TemplateSet['mode'];
  /** 0-based signal numbers to use (default: the first {@link BEAT_TEMPLATE_CONFIG.defaultLeads}) */
  signals?: readonly number[];
  /** overrides of {@link BEAT_TEMPLATE_CONFIG} */
  config?: Partial<BeatTemplateConfig>;
}

/** Resolved record facts and layouts of one build. */
interface Plan {
  reading: BeatWindowReading;
  feature: WindowLayout;
  featureShift: number;
  display: WindowLayout;
  leadNames: string[];
  recordName: string;
  config: BeatTemplateConfig;
}

function plan(headerPath: string, beats: TemplateBeats, options: BuildTemplatesOptions): Plan {
  const config = checkTemplateConfig({ ...BEAT_TEMPLATE_CONFIG, ...options.config }, headerPath);
  const { header } = probeSignalRecord(headerPath);
  const problem = (text: string): RangeError => new RangeError(`${headerPath}: ${text}`);
  if (header.nSamples === 0) throw problem('the header gives no sample count, which beat templates need');
  const n = beats.samples.length;
  if (beats.labels.length !== n) throw problem(`${n} beat samples but ${beats.labels.length} labels`);
  if (n > config.maxBeats) throw problem(`${n} beats, more than the ${config.maxBeats} a template build takes`);
  for (let i = 0; i < n; i++) {
    const s = beats.samples[i] as number;
    if (s < 0 || s >= header.nSamples) throw problem(`beat ${i} at sample ${s} is outside the record's ${header.nSamples} samples`);
    if (i > 0 && s < (beats.samples[i - 1] as number)) throw problem(`beat ${i} at sample ${s} is before the beat ahead of it`);
    if (!AAMI_CLASSES.includes(beats.labels[i] as AamiClass)) throw problem(`beat ${i} has label '${beats.labels[i]}', not an AAMI class`);
  }
  const signals = options.signals ?? header.signals.slice(0, config.defaultLeads).map((_, s) => s);
  if (signals.length === 0 || signals.length > config.maxLeads) throw problem(`${signals.length} signals chosen (1 to ${config.maxLeads})`);
  for (const s of signals) {
    const spec = header.signals[s];
    if (!Number.isInteger(s) || spec === undefined) throw problem(`no signal ${s} (record has ${header.nSignals})`);
    if (spec.samplesPerFrame !== 1) throw problem(`signal ${s} has ${spec.samplesPerFrame} samples per frame; templates need 1`);
  }
  const fsHz = header.fsHz;
  const feature = windowLayout(fsHz, config.featureStartS, config.featureEndS, config.featureFsHz);
  const featureShift = Math.round(config.alignShiftS * feature.fsHz);
  return {
    reading: {
      headerPath,
      recordSamples: header.nSamples,
      fsHz,
      signals,
      highPassHz: config.highPassHz,
      lowPassHz: config.lowPassHz,
      chunkSamples: Math.max(1, Math.round(config.chunkS * fsHz)),
      filterMarginSamples: Math.round(config.filterMarginS * fsHz),
    },
    feature: {
      ...feature,
      startOffset: feature.startOffset - featureShift * feature.step,
      samplesPerLead: feature.samplesPerLead + 2 * featureShift,
    },
    featureShift,
    display: windowLayout(fsHz, config.displayStartS, config.displayEndS, config.displayFsHz),
    leadNames: signals.map((s) => header.signals[s]?.description ?? `signal ${s}`),
    recordName: header.recordName,
    config,
  };
}

/** Majority label of some beats (ties: the earlier AAMI class). */
function majorityLabel(members: Int32Array, labels: readonly AamiClass[]): AamiClass {
  const counts = new Map<AamiClass, number>();
  for (const b of members) counts.set(labels[b] as AamiClass, (counts.get(labels[b] as AamiClass) ?? 0) + 1);
  let best: AamiClass = 'N';
  let bestCount = -1;
  for (const c of AAMI_CLASSES) {
    const k = counts.get(c) ?? 0;
    if (k > bestCount) [best, bestCount] = [c, k];
  }
  return best;
}

/**
 * Groups a record's beats into morphology templates, as Holter scanners present them for review.
 *
 * Per beat and lead, a window of the band-passed signal (0.5–40 Hz, zero phase) around R
 * (−120…+280 ms, box-averaged to a rate of at least 100 Hz, median baseline removed) forms a morphology vector,
 * the leads concatenated in mV (a lead weighs by its amplitude, so a small, noisy lead does not
 * split templates: scaling every lead to equal weight doubled the template count on MIT-BIH 101 and
 * 208, DS1); beats are then clustered within each AAMI class (or
 * all together) by {@link leaderClustering} (incremental leader clustering with a dissimilarity
 * threshold and optional alignment shifts, Lloyd refinement, merging of near-identical templates). A second
 * pass over the record accumulates each template's mean display window (−250…+450 ms at about
 * 180 Hz) and spread, and keeps a few evenly spaced member beats to superimpose. The record is read
 * in bounded spans (a few MB), never whole; the cost is two reads of the record plus
 * n × templates × ~100 multiply-adds.
 *
 * @param headerPath - WFDB `.hea` of the record the beats belong to
 * @param beats - R-peak samples (non-decreasing, within the record) and AAMI labels
 * @param options - clustering mode, signals, config overrides
 * @returns every beat in exactly one template; templates ordered by class then size
 *   ({@link TemplateSet}); no beats gives no templates
 * @throws RangeError naming the header when the beats or options are out of bounds (labels not AAMI
 *   classes, samples outside the record or decreasing, more than `maxBeats`, unknown signals, a
 *   config value outside its bounds);
 *   WfdbError when the record cannot be read
 */
export function buildBeatTemplates(headerPath: string, beats: TemplateBeats, options: BuildTemplatesOptions = {}): TemplateSet {
  const p = plan(headerPath, beats, options);
  const mode = options.mode ?? 'per-class';
  const n = beats.samples.length;
  const leads = p.reading.signals.length;
  const featureStride = leads * p.feature.samplesPerLead;
  const features: FeatureMatrix = {
    data: new Float32Array(n * featureStride),
    leads,
    samplesPerLead: p.feature.samplesPerLead - 2 * p.featureShift,
    shift: p.featureShift,
  };
  forEachBeatWindow(p.reading, beats.samples, [p.feature], (b, [window]) => features.data.set(window as Float32Array, b * featureStride));

  const groups = new Map<AamiClass | 'all', number[]>();
  beats.labels.forEach((label, b) => {
    const key = mode === 'per-class' ? label : 'all';
    const group = groups.get(key) ?? [];
    group.push(b);
    groups.set(key, group);
  });
  const clusterParams = {
    joinDissimilarity: p.config.joinDissimilarity,
    mergeDissimilarity: p.config.mergeDissimilarity,
    refinePasses: p.config.refinePasses,
    maxClusters: p.config.maxTemplatesPerClass,
  };
  const clusters = [...groups.values()].flatMap((group) => leaderClustering(features, Int32Array.from(group), clusterParams));

  const perWindow = leads * p.display.samplesPerLead;
  const templateOfBeat = new Int32Array(n);
  const repSlot = new Int32Array(n).fill(-1);
  const parts = clusters.map((members, id) => {
    members.forEach((b) => (templateOfBeat[b] = id));
    const reps = evenlySpaced(members, p.config.representativeBeats);
    reps.forEach((b, slot) => (repSlot[b] = slot));
    return {
      id,
      label: majorityLabel(members, beats.labels),
      memberBeats: members,
      representativeBeats: reps,
      representativeWaveformsMv: new Float32Array(reps.length * perWindow),
      sumMv: new Float64Array(perWindow),
      sumSquaresMv2: new Float64Array(perWindow),
    };
  });
  forEachBeatWindow(p.reading, beats.samples, [p.display], (b, [window]) => {
    const w = window as Float32Array;
    const part = parts[templateOfBeat[b] as number];
    if (part === undefined) return;
    for (let k = 0; k < perWindow; k++) {
      const v = w[k] as number;
      part.sumMv[k] = (part.sumMv[k] as number) + v;
      part.sumSquaresMv2[k] = (part.sumSquaresMv2[k] as number) + v * v;
    }
    const slot = repSlot[b] as number;
    if (slot >= 0) part.representativeWaveformsMv.set(w, slot * perWindow);
  });
  const templates: BeatTemplate[] = orderTemplates(parts.map(makeTemplate));
  return {
    recordName: p.recordName,
    fsHz: p.reading.fsHz,
    signals: p.reading.signals,
    leadNames: p.leadNames,
    layout: p.display,
    bandHz: [p.config.highPassHz, p.config.lowPassHz],
    mode,
    beatCount: n,
    templateOfBeat,
    templates,
    nextTemplateId: templates.length,
    maxRepresentatives: p.config.representativeBeats,
  };
}
