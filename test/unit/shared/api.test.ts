import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MAX_ATTENTION_WEIGHT,
  MAX_ID,
  MAX_JOB_ID_CHARS,
  MAX_PATH_CHARS,
  MAX_REVIEWER_CHARS,
  MAX_SAMPLE_INDEX,
  MAX_SIGNAL_INDEX,
  MAX_STRIP_NOTE_CHARS,
  MAX_TREND_BIN_S,
  MAX_TREND_BINS,
  MIN_TREND_BIN_S,
  minTrendBinS,
} from '../../../src/shared/api-bounds';
import { requestSchemas, type Method } from '../../../src/shared/api';

/** Every leaf of a params schema that lacks an upper bound, as `path: kind`. */
function unboundedLeaves(schema: z.core.$ZodType, path: string): string[] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries((def as z.core.$ZodObjectDef).shape).flatMap(([key, field]) => unboundedLeaves(field, `${path}.${key}`));
    case 'default':
      return unboundedLeaves((def as z.core.$ZodDefaultDef).innerType, path);
    case 'union':
      return (def as z.core.$ZodUnionDef).options.flatMap((option) => unboundedLeaves(option, path));
    case 'number': {
      const { minValue, maxValue } = schema as z.ZodNumber;
      return Number.isFinite(minValue) && Number.isFinite(maxValue) ? [] : [`${path}: number`];
    }
    case 'string':
      return Number.isFinite((schema as z.ZodString).maxLength) ? [] : [`${path}: string`];
    case 'array': {
      const checks = (def as z.core.$ZodArrayDef).checks ?? [];
      const maximum = checks.map((c) => c._zod.def as { check: string; maximum?: number }).find((c) => c.check === 'max_length')?.maximum;
      const element = unboundedLeaves((def as z.core.$ZodArrayDef).element, `${path}[]`);
      return Number.isFinite(maximum) ? element : [`${path}: array`, ...element];
    }
    case 'optional':
    case 'nullable':
      return unboundedLeaves((def as z.core.$ZodOptionalDef).innerType, path);
    case 'enum':
    case 'literal':
    case 'boolean':
      return [];
    default:
      return [`${path}: ${def.type} (unhandled schema kind)`];
  }
}

const ok = <M extends Method>(method: M, params: unknown): boolean => requestSchemas[method].safeParse(params).success;

describe('API contract bounds', () => {
  it('bounds every numeric and string input of every method above and below', () => {
    const unbounded = Object.entries(requestSchemas).flatMap(([method, schema]) => unboundedLeaves(schema, method));
    expect(unbounded).toEqual([]);
  });

  it('bounds ids to positive safe integers', () => {
    expect(ok('analysis:start', { recordId: 1 })).toBe(true);
    expect(ok('analysis:start', { recordId: MAX_ID })).toBe(true);
    for (const recordId of [0, -1, 1.5, MAX_ID + 2, Number.NaN, Infinity])
      expect(ok('analysis:start', { recordId }), String(recordId)).toBe(false);
  });

  it('bounds sample indices to 0..2^40 and needs a non-empty window', () => {
    expect(ok('record:window', { recordId: 1, startSample: 0, endSample: MAX_SAMPLE_INDEX })).toBe(true);
    expect(ok('record:window', { recordId: 1, startSample: 0, endSample: MAX_SAMPLE_INDEX + 1 })).toBe(false);
    expect(ok('record:window', { recordId: 1, startSample: 10, endSample: 10 })).toBe(false);
    expect(ok('beats:find', { recordId: 1, fromSample: -1, label: 'V', direction: 1 })).toBe(false);
    expect(ok('beats:find', { recordId: 1, fromSample: 0.5, label: 'V', direction: 1 })).toBe(false);
    expect(ok('beats:find', { recordId: 1, fromSample: 0, label: 'V', direction: 2 })).toBe(false);
  });

  it('bounds binS to 1 s .. 1 day, 10 s by default', () => {
    expect(requestSchemas['record:overview'].parse({ recordId: 1 }).binS).toBe(10);
    expect(ok('record:overview', { recordId: 1, binS: MIN_TREND_BIN_S })).toBe(true);
    expect(ok('record:overview', { recordId: 1, binS: MAX_TREND_BIN_S })).toBe(true);
    for (const binS of [0.999, 0, -10, MAX_TREND_BIN_S + 1, Number.NaN, Infinity]) {
      expect(ok('record:overview', { recordId: 1, binS }), String(binS)).toBe(false);
    }
  });

  it('bounds strings: path, job id and reviewer (trimmed)', () => {
    expect(ok('cases:import', { path: 'a'.repeat(MAX_PATH_CHARS) })).toBe(true);
    expect(ok('cases:import', { path: 'a'.repeat(MAX_PATH_CHARS + 1) })).toBe(false);
    expect(ok('cases:import', { path: '' })).toBe(false);
    expect(ok('analysis:cancel', { jobId: 'j'.repeat(MAX_JOB_ID_CHARS + 1) })).toBe(false);
    expect(ok('review:setStatus', { recordId: 1, status: 'reviewed', reviewer: ` ${'r'.repeat(MAX_REVIEWER_CHARS)} ` })).toBe(true);
    expect(ok('review:setStatus', { recordId: 1, status: 'reviewed', reviewer: 'r'.repeat(MAX_REVIEWER_CHARS + 1) })).toBe(false);
    expect(ok('review:setStatus', { recordId: 1, status: 'reviewed', reviewer: '   ' })).toBe(false);
  });

  it('bounds strips:add: a non-empty span of sample indices, a lead index, a trimmed note', () => {
    const strip = { recordId: 1, startSample: 0, endSample: 3600, lead: 0, reviewer: 'tech' };
    expect(ok('strips:add', strip)).toBe(true);
    expect(ok('strips:add', { ...strip, note: '  wide QRS  ' })).toBe(true);
    expect(ok('strips:add', { ...strip, endSample: 0 })).toBe(false);
    expect(ok('strips:add', { ...strip, endSample: MAX_SAMPLE_INDEX + 1 })).toBe(false);
    expect(ok('strips:add', { ...strip, lead: MAX_SIGNAL_INDEX })).toBe(true);
    expect(ok('strips:add', { ...strip, lead: MAX_SIGNAL_INDEX + 1 })).toBe(false);
    expect(ok('strips:add', { ...strip, lead: 0.5 })).toBe(false);
    expect(ok('strips:add', { ...strip, note: '   ' })).toBe(false);
    expect(ok('strips:add', { ...strip, note: 'x'.repeat(MAX_STRIP_NOTE_CHARS + 1) })).toBe(false);
    expect(ok('strips:remove', { recordId: 1, stripId: 0, reviewer: 'tech' })).toBe(false);
  });

  it('bounds the multi-label rhythm option of retrain:start: rhythm model only, λ in [0, MAX_ATTENTION_WEIGHT] with that head only', () => {
    const run = { reviewer: 'tech', model: 'rhythm' };
    expect(ok('retrain:start', { ...run, rhythmHead: 'multi-label' })).toBe(true);
    expect(ok('retrain:start', { ...run, rhythmHead: 'single-label' })).toBe(true);
    expect(ok('retrain:start', { ...run, rhythmHead: 'multi-label', attentionWeight: 0 })).toBe(true);
    expect(ok('retrain:start', { ...run, rhythmHead: 'multi-label', attentionWeight: MAX_ATTENTION_WEIGHT })).toBe(true);
    for (const attentionWeight of [-0.1, MAX_ATTENTION_WEIGHT + 0.1, Number.NaN, Infinity]) {
      expect(ok('retrain:start', { ...run, rhythmHead: 'multi-label', attentionWeight }), String(attentionWeight)).toBe(false);
    }
    expect(ok('retrain:start', { ...run, rhythmHead: 'softmax' })).toBe(false);
    expect(ok('retrain:start', { ...run, attentionWeight: 1 })).toBe(false); // λ without the multi-label head
    expect(ok('retrain:start', { ...run, rhythmHead: 'single-label', attentionWeight: 1 })).toBe(false);
    expect(ok('retrain:start', { reviewer: 'tech', rhythmHead: 'multi-label' })).toBe(false); // the beat model has no such head
    expect(ok('retrain:start', { reviewer: 'tech', model: 'beats', rhythmHead: 'multi-label' })).toBe(false);
  });

  it('gives the smallest bin width that keeps a trend within MAX_TREND_BINS bins', () => {
    expect(minTrendBinS(60)).toBe(MIN_TREND_BIN_S);
    expect(minTrendBinS(86_400)).toBeCloseTo(86_400 / MAX_TREND_BINS, 12);
    expect(Math.ceil(86_400 / minTrendBinS(86_400))).toBe(MAX_TREND_BINS);
  });
});
