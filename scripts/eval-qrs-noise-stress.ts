/**
 * The noise stress part of `npm run eval:qrs`: nstdb's electrode-motion records made here with the `nst` protocol
 * (src/main/core/evaluate/noise-stress-test.ts, byte for byte WFDB's: test/unit/main/core/evaluate/noise-stress-test.test.ts)
 * from mitdb 118 / 119 and nstdb `em` at the SNRs of nstdb (24, 18, 12, 6, 0, −6 dB: 118e24 … 119e_6), scored
 * with the EC57 rules from 5:00 (clean and noisy 2-min segments alternating), for the multi-lead detector.
 */
import { join } from 'node:path';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import { noiseStressTest } from '../src/main/core/evaluate/noise-stress-test';
import { summarize } from '../src/main/core/evaluate/summarize';
import { detectQrsMultiLead } from '../src/main/core/qrs/multi-lead';
import { unreadableSpans } from '../src/main/core/qrs/unreadable-spans';
import { readAnnotations } from '../src/main/core/wfdb/annotations';
import { readRecord, toPhysical, type WfdbRecord } from '../src/main/core/wfdb/record';

/** nstdb's SNRs and record-name suffixes. */
const NSTDB_SNRS = Object.freeze([24, 18, 12, 6, 0, -6] as const);

/** nstdb's name of record REC with em noise at snrDb (118e06, 119e_6, …). */
function nstdbName(rec: string, snrDb: number): string {
  return `${rec}e${snrDb < 0 ? `_${-snrDb}` : String(snrDb).padStart(2, '0')}`;
}

/**
 * The nst output as the reader would return it from the format-212 file nst writes: 12-bit values (nst keeps only
 * the low 12 bits of a sum outside the range), ADC zero 0, the clean record's gain and baseline.
 */
function asStoredRecord(clean: WfdbRecord, adc: Int32Array[]): WfdbRecord {
  return {
    ...clean,
    header: { ...clean.header, signals: clean.header.signals.map((s) => ({ ...s, adcZero: 0 })) },
    adc: adc.map((a) => Int32Array.from(a, (v) => (v << 20) >> 20)),
  };
}

/**
 * Prints Se / +P (EC57 window) per nst record and gross per SNR over 118 + 119, and the share of each record's time the
 * signal-quality stage calls unreadable.
 * @param mitdbDir - folder with 118 and 119 (.hea, .dat, .atr)
 * @param nstdbDir - folder with em.hea / em.dat
 * @param pct - percentage formatter of the caller's table
 */
export function evalNoiseStress(mitdbDir: string, nstdbDir: string, pct: (v: number | null) => string): void {
  const noise = readRecord(join(nstdbDir, 'em.hea'));
  const cleans = ['118', '119'].map((rec) => ({
    rec,
    record: readRecord(join(mitdbDir, `${rec}.hea`)),
    reference: readAnnotations(join(mitdbDir, `${rec}.atr`)),
  }));
  console.log('');
  console.log('nst electrode-motion records (118/119 + em, WFDB nst protocol; EC57 window from 5:00; multi-lead detector):');
  for (const snrDb of NSTDB_SNRS) {
    const comparisons: RecordComparison[] = [];
    const parts: string[] = [];
    for (const { rec, record, reference } of cleans) {
      const made = asStoredRecord(record, noiseStressTest(record, reference, noise, snrDb).adc);
      const leads = made.adc.map((_, i) => toPhysical(made, i));
      const qrs = detectQrsMultiLead(leads, made.fsHz);
      const test: BeatMark[] = Array.from(qrs.beats, (sample) => ({ sample, cls: 'N' }));
      const c = compareBeats(reference, test, made.fsHz, { recordName: nstdbName(rec, snrDb), endSample: made.nSamples });
      comparisons.push(c);
      const unreadable = unreadableSpans(qrs.leads, qrs.windowSamples, 0, made.nSamples).reduce(
        (s, u) => s + u.endSample - u.onsetSample,
        0,
      );
      const q = c.stats.qrs;
      parts.push(
        `${nstdbName(rec, snrDb)} Se ${pct(q.sePct)} % +P ${pct(q.ppvPct)} % (TP ${q.tp}, FN ${q.fn}, FP ${q.fp}), unreadable ${((100 * unreadable) / made.nSamples).toFixed(1)} % of time`,
      );
    }
    const g = summarize(comparisons).gross.qrs;
    console.log(
      `em ${String(snrDb).padStart(3)} dB (118 + 119): gross Se ${pct(g.sePct)} % +P ${pct(g.ppvPct)} % (TP ${g.tp}, FN ${g.fn}, FP ${g.fp})`,
    );
    for (const p of parts) console.log(`    ${p}`);
  }
}
