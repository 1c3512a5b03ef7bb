import { z } from 'zod';
import { AAMI_CLASSES } from '../../../shared/labels';
import { RR_FEATURE_NAMES } from './rr-features';

/**
 * Schema of `meta.json` beside a beat model. Inference reads only the strictly typed fields
 * (input layout, normalisation, RR parameters, labels, attention layout); the training record
 * (`training`, `validation`, `hyperParameters`, `sha256`, …) is kept as written, for provenance.
 */
export const beatModelMetaSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  created: z.string(),
  /** model sampling rate, Hz */
  fsHz: z.number().positive(),
  window: z.looseObject({
    /** window length, model samples */
    samples: z.number().int().positive(),
    /** first window sample relative to the R peak, model samples (negative: before R) */
    startOffsetSamples: z.number().int(),
    secondsBeforeR: z.number(),
    secondsAfterR: z.number(),
  }),
  leads: z.looseObject({ count: z.number().int().positive(), description: z.string() }),
  normalisation: z.looseObject({
    description: z.string(),
    qrsHalfWidthS: z.number().positive(),
    fallbackAmplitudeMv: z.number().positive(),
    clamp: z.number().positive(),
    /** beats on each side of the running median QRS amplitude and running median beat */
    halfBeats: z.number().int().nonnegative().max(1000),
  }),
  rrFeatures: z.looseObject({
    names: z.array(z.string()),
    definitions: z.record(z.string(), z.string()),
    config: z.object({
      localIntervals: z.number().int().positive(),
      longWindowS: z.number().positive(),
      minRrS: z.number().positive(),
      maxRrS: z.number().positive(),
      maxRatio: z.number().positive(),
      recentIntervals: z.number().int().positive().max(1000),
    }),
  }),
  labels: z.array(z.enum(['N', 'S', 'V', 'F', 'Q'])),
  /** per label, the weight its probability gets before the argmax (chosen on DS1 validation); absent: all 1 */
  decisionWeights: z.array(z.number().positive().max(100)).length(5).optional(),
  attention: z.looseObject({
    steps: z.number().int().positive(),
    windowStartOffsetS: z.number(),
    windowEndOffsetS: z.number(),
  }),
});

/** Contents of a beat model's `meta.json` (see {@link beatModelMetaSchema}). */
export type BeatModelMeta = z.infer<typeof beatModelMetaSchema>;

/**
 * Parses and checks a beat model's meta.json against the schema and against this code's RR feature
 * set and AAMI label order.
 *
 * @param json - the parsed JSON of meta.json
 * @param file - path of meta.json, for error messages
 * @returns the typed meta
 * @throws Error naming `file` when a field is missing or malformed, the RR feature names differ from
 *   {@link RR_FEATURE_NAMES}, or the labels differ from {@link AAMI_CLASSES}
 */
export function parseBeatModelMeta(json: unknown, file: string): BeatModelMeta {
  const parsed = beatModelMetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: invalid beat model meta at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  const meta = parsed.data;
  if (meta.rrFeatures.names.join(',') !== RR_FEATURE_NAMES.join(',')) {
    throw new Error(`${file}: RR features [${meta.rrFeatures.names.join(', ')}] differ from [${RR_FEATURE_NAMES.join(', ')}]`);
  }
  if (meta.labels.join(',') !== AAMI_CLASSES.join(',')) {
    throw new Error(`${file}: labels [${meta.labels.join(', ')}] differ from [${AAMI_CLASSES.join(', ')}]`);
  }
  return meta;
}
