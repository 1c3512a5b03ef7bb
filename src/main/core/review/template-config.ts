/**
 * Tunable parameters of beat-template clustering (buildBeatTemplates). Frozen; override per call with
 * a partial object, checked by {@link checkTemplateConfig}. The thresholds, alignment and refinement
 * passes were compared on 16 DS1 records of the MIT-BIH Arrhythmia Database (de Chazal 2004 split);
 * `scripts/eval-templates.ts` reports DS1, DS2 and the paced records apart.
 */
export const BEAT_TEMPLATE_CONFIG = Object.freeze({
  /** band-pass applied before features and display windows, in Hz (Holter "monitoring" band) */
  highPassHz: 0.5,
  lowPassHz: 40,
  /** morphology feature window around R, in s: QRS and the start of ST-T */
  featureStartS: -0.12,
  featureEndS: 0.28,
  /** feature rate, in Hz (the signal is box-averaged down to about this rate; QRS detail survives at ~100 Hz) */
  featureFsHz: 100,
  /**
   * largest shift tried when aligning a beat to a template, in s (absorbs R-mark jitter). 0 by default:
   * on DS1 with reference R marks ±20 ms cost purity (MIT-BIH 208: fusion beats aligned into the N
   * template, 0.978 → 0.958) and gained nothing elsewhere
   */
  alignShiftS: 0,
  /** display window around R, in s: P, QRS and T as the technician sees them */
  displayStartS: -0.25,
  displayEndS: 0.45,
  /** display rate, in Hz (integer decimation of the record rate to at least this rate) */
  displayFsHz: 180,
  /**
   * a beat joins the nearest template when their dissimilarity 1 − 2⟨x,c⟩/(‖x‖² + ‖c‖²) is below this
   * (for equal norms that is 1 − correlation; it grows with an amplitude mismatch too)
   */
  joinDissimilarity: 0.16,
  /** after clustering, two templates whose centroids are closer than this are merged */
  mergeDissimilarity: 0.1,
  /** Lloyd reassignment passes after the incremental pass (make the result independent of beat order; a second changed nothing on DS1) */
  refinePasses: 1,
  /** at most this many templates per class; past it, beats join the nearest template (bounds the cost) */
  maxTemplatesPerClass: 200,
  /** superimposed beats kept per template for display, evenly spaced over its members in time */
  representativeBeats: 16,
  /** at most this many leads take part (the record's first signals unless chosen) */
  maxLeads: 12,
  defaultLeads: 3,
  /** beats per call, at most (about ten days at 120 bpm) */
  maxBeats: 2_000_000,
  /** record span read and filtered at once, in s; spans overlap by the filter margin */
  chunkS: 300,
  /** extra signal read on each side of a span so the band-pass settles, in s */
  filterMarginS: 2.5,
});

/** Parameters of buildBeatTemplates; see {@link BEAT_TEMPLATE_CONFIG} for units and defaults. */
export type BeatTemplateConfig = { readonly [K in keyof typeof BEAT_TEMPLATE_CONFIG]: number };

/** Allowed range of every parameter: [min, max], chosen so that one call's cost and memory stay bounded. */
const BOUNDS: { readonly [K in keyof BeatTemplateConfig]: readonly [number, number] } = Object.freeze({
  highPassHz: [0.05, 5],
  lowPassHz: [10, 500],
  featureStartS: [-1, 0],
  featureEndS: [0.01, 1],
  featureFsHz: [20, 1000],
  alignShiftS: [0, 0.1],
  displayStartS: [-2, 0],
  displayEndS: [0.01, 2],
  displayFsHz: [20, 1000],
  joinDissimilarity: [0, 2],
  mergeDissimilarity: [0, 2],
  refinePasses: [0, 5],
  maxTemplatesPerClass: [1, 2000],
  representativeBeats: [0, 200],
  maxLeads: [1, 16],
  defaultLeads: [1, 16],
  maxBeats: [0, 5_000_000],
  chunkS: [1, 3600],
  filterMarginS: [0, 30],
});

/**
 * Checks a merged configuration against its bounds.
 *
 * @param config - defaults merged with the caller's overrides
 * @param where - what to name in the error (the record's header path)
 * @returns `config`
 * @throws RangeError naming `where` and the parameter when a value is not a finite number within its bounds
 */
export function checkTemplateConfig(config: BeatTemplateConfig, where: string): BeatTemplateConfig {
  for (const key of Object.keys(BOUNDS) as (keyof BeatTemplateConfig)[]) {
    const [lo, hi] = BOUNDS[key];
    const v = config[key];
    if (!(Number.isFinite(v) && v >= lo && v <= hi))
      throw new RangeError(`${where}: template config ${key} = ${v} is outside [${lo}, ${hi}]`);
  }
  return config;
}
