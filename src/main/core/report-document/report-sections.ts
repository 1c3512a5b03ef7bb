import { HOLTER_RHYTHMS } from '../../../shared/holter-rhythms';
import type { EctopyClassSummary, TimedRun } from '../report/ectopy';
import type { HolterReport } from '../report/holter-report';
import type { ReportTime } from '../report/record-clock';
import type { RhythmSummary, TachycardiaSummary } from '../report/episode-summary';
import type { ExportProvenance } from '../exports/export-provenance';
import { isSigned, signOffPerson } from '../exports/export-provenance';

/** One table of the report document: what the HTML and the PDF both print, cell for cell (ASCII text). */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A sentence under the table (definitions, rules), or null. */
  readonly note: string | null;
}

/** Longest list of pauses (and of bigeminy/trigeminy episodes) printed; the rest are counted. */
const MAX_LISTED_ROWS = 50;

const DASH = '-';
const num = (v: number | null, digits: number): string => (v === null ? DASH : v.toFixed(digits));
const pct = (v: number | null): string => (v === null ? DASH : `${v.toFixed(2)} %`);

const elapsed = (s: number): string =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), Math.floor(s % 60)].map((n) => String(n).padStart(2, '0')).join(':');

/**
 * A report time as printed: the clock time (with the date when the header has one) and the elapsed time from the
 * record start, or only the elapsed time (`+hh:mm:ss`) when the header has no base time.
 * @param t - a report time.
 * @returns e.g. `2026-11-30 14:03:12 (+02:03:12)` or `+02:03:12`.
 */
export function formatReportTime(t: ReportTime): string {
  const plus = `+${elapsed(t.elapsedS)}`;
  if (t.timeOfDay === null) return plus;
  return `${t.date === null ? '' : `${t.date} `}${t.timeOfDay} (${plus})`;
}

const kv = (title: string, rows: [string, string][], note: string | null = null): ReportTable => ({ title, columns: ['', ''], rows, note });

const run = (r: TimedRun | null, what: 'beats' | 'rate'): string =>
  r === null ? DASH : `${what === 'beats' ? `${r.beats} beats` : `${num(r.rateBpm, 0)} bpm`} at ${formatReportTime(r.onset)}`;

function ectopyTable(report: HolterReport): ReportTable {
  const { S, V } = report.ectopy;
  const row = (label: string, f: (c: EctopyClassSummary) => string): string[] => [label, f(S), f(V)];
  const { minRunBeats, patternMinCycles } = report.config.thresholds;
  return {
    title: 'Ectopy',
    columns: ['', 'Supraventricular (S)', 'Ventricular (V)'],
    rows: [
      row('Beats', (c) => String(c.beats)),
      row('Burden (% of analysed beats)', (c) => pct(c.burdenPercent)),
      row('Isolated', (c) => String(c.isolated)),
      row('Couplets', (c) => String(c.couplets)),
      row(`Runs (>= ${minRunBeats} beats)`, (c) => String(c.runs.length)),
      row('Longest run', (c) => run(c.longestRun, 'beats')),
      row('Fastest run', (c) => run(c.fastestRun, 'rate')),
      row('Bigeminy episodes', (c) => String(c.bigeminy.length)),
      row('Trigeminy episodes', (c) => String(c.trigeminy.length)),
    ],
    note:
      `Counts over analysed beats. A run is >= ${minRunBeats} consecutive beats of the class; bigeminy/trigeminy episodes ` +
      `need >= ${patternMinCycles} consecutive cycles. Burden: beats of the class / analysed beats (${report.ectopy.analysedBeats}).`,
  };
}

/** Bigeminy and trigeminy episodes of both classes, in time order, the first `MAX_LISTED_ROWS` listed. */
function patternTable(report: HolterReport, timeOf: (sample: number) => string): ReportTable {
  const { S, V } = report.ectopy;
  const all = [...S.bigeminy, ...S.trigeminy, ...V.bigeminy, ...V.trigeminy].sort((a, b) => a.onsetSample - b.onsetSample);
  return {
    title: 'Bigeminy and trigeminy episodes',
    columns: ['Onset', 'Pattern', 'Cycles', 'Duration (s)'],
    rows: [
      ...all
        .slice(0, MAX_LISTED_ROWS)
        .map((p) => [timeOf(p.onsetSample), `${p.beatClass} ${p.kind}`, String(p.cycles), num(p.durationS, 1)]),
      ...(all.length > MAX_LISTED_ROWS ? [[`and ${all.length - MAX_LISTED_ROWS} more`, '', '', '']] : []),
    ],
    note: `${all.length} episode(s) of >= ${report.config.thresholds.patternMinCycles} consecutive cycles (bigeminy N-X, trigeminy N-N-X).`,
  };
}

const rhythmRows = (name: string, r: RhythmSummary): [string, string][] => [
  [`${name}: episodes`, String(r.episodes)],
  [`${name}: longest`, r.longest === null ? DASH : `${num(r.longest.durationS, 0)} s from ${formatReportTime(r.longest.onset)}`],
  [`${name}: total`, `${num(r.totalS, 0)} s`],
  [`${name}: burden (% of analysed time)`, pct(r.burdenPercent)],
];

const tachyRows = (name: string, t: TachycardiaSummary): [string, string][] => [
  [`${name}: runs (sustained)`, `${t.runs.length} (${t.sustained})`],
  [`${name}: longest`, run(t.longest, 'beats')],
  [`${name}: fastest`, run(t.fastest, 'rate')],
];

/**
 * The report's tables, in order: sign-off (reviewer and physician, each with role and time), time base, heart rate, hourly heart rate, HRV (time domain, with the NN editing rule),
 * ectopy, hourly ectopy, bigeminy and trigeminy episodes, pauses, rhythm episodes and tachycardias, and the models and analysis. Every figure is the report core's value, only rounded for print (bpm to 0
 * decimals, ms to 1, percentages to 2).
 * @param report - the report figures (`holterReport`).
 * @param provenance - models, analysis and review of the case.
 * @param excluded - the excluded time by cause, in s (`excludedByCause`): reviewer's artefact marks and noise episodes.
 * @param timeOf - a sample's time as printed (`formatReportTime` of the record clock).
 * @returns the tables (ASCII text only, so the PDF's standard fonts print every character).
 */
export function reportSections(
  report: HolterReport,
  provenance: ExportProvenance,
  excluded: { readonly artefactS: number; readonly noiseS: number },
  timeOf: (sample: number) => string,
): ReportTable[] {
  const { timeBase: tb, heartRate: hr, hrv, pauses, episodes } = report;
  const { nnEditing, hrv: hrvConfig, heartRate: hrConfig, thresholds } = report.config;
  const { candidates, rejectedByRange, rejectedByChange } = report.nnEditingOutcome;
  const changeRule =
    nnEditing.maxChangeFraction === null
      ? ''
      : ` and differing by no more than ${(nnEditing.maxChangeFraction * 100).toFixed(0)} % from the previous accepted NN interval`;
  const tables: ReportTable[] = [
    kv(
      'Time base',
      [
        ['Recording', `${elapsed(tb.recordS)} (${num(tb.recordS, 0)} s)`],
        ['Analysed time', `${elapsed(tb.analysedS)} (${num(tb.analysedS, 0)} s)`],
        ['Excluded (noise, artefact)', `${num(tb.excludedS, 0)} s (${pct(tb.excludedPercent)}) in ${tb.excludedSpanCount} span(s)`],
        ['- artefact marked by the reviewer', `${num(excluded.artefactS, 0)} s`],
        ['- noise (rhythm stage, as reviewed)', `${num(excluded.noiseS, 0)} s`],
        ['Excluded beats', String(tb.excludedBeats)],
      ],
      'Every figure below is computed over analysed time: the recording without its excluded spans (artefact stretches ' +
        'and noise episodes; where both overlap the time counts once). Beats marked artefact or inside an excluded span ' +
        'are not counted, and no RR interval, run or pattern is formed across them. Beat labels are as reviewed.',
    ),
    kv(
      'Heart rate',
      [
        ['Mean', `${num(hr.meanBpm, 0)} bpm`],
        ['Minimum', hr.min === null ? DASH : `${num(hr.min.bpm, 0)} bpm at ${formatReportTime(hr.min.onset)}`],
        ['Maximum', hr.max === null ? DASH : `${num(hr.max.bpm, 0)} bpm at ${formatReportTime(hr.max.onset)}`],
        ['RR intervals', String(hr.rrCount)],
      ],
      `Minimum and maximum over windows of ${hrConfig.windowRr} consecutive RR intervals.`,
    ),
    {
      title: 'Hourly heart rate',
      columns: ['Hour from', 'Beats', 'Analysed (s)', 'Min (bpm)', 'Mean (bpm)', 'Max (bpm)'],
      rows: hr.hourly.map((h) => [
        formatReportTime(h.hour.onset),
        String(h.beats),
        num(h.analysedS, 0),
        num(h.minBpm, 0),
        num(h.meanBpm, 0),
        num(h.maxBpm, 0),
      ]),
      note: null,
    },
    kv(
      'Heart rate variability (time domain)',
      [
        ['NN intervals', String(hrv.nnCount)],
        ['Mean NN', `${num(hrv.meanNnMs, 1)} ms`],
        ['SDNN', `${num(hrv.sdnnMs, 1)} ms`],
        [`SDANN (${hrvConfig.segmentS / 60} min)`, `${num(hrv.sdannMs, 1)} ms`],
        [`SDNN index (${hrvConfig.segmentS / 60} min)`, `${num(hrv.sdnnIndexMs, 1)} ms`],
        ['RMSSD', `${num(hrv.rmssdMs, 1)} ms`],
        [`pNN${hrvConfig.pnnThresholdMs}`, pct(hrv.pnn50Percent)],
      ],
      `Task Force of the ESC/NASPE 1996 (doi:10.1161/01.CIR.93.5.1043). NN editing rule: an NN interval is an RR interval ` +
        `between two consecutive analysed normal (N) beats, kept when ${nnEditing.minNnMs}-${nnEditing.maxNnMs} ms${changeRule}. ` +
        `Candidates ${candidates}, rejected by range ${rejectedByRange}, by change ${rejectedByChange}.`,
    ),
    ectopyTable(report),
    {
      title: 'Hourly ectopy',
      columns: ['Hour from', 'S beats', 'S %', 'S couplets', 'S runs', 'V beats', 'V %', 'V couplets', 'V runs'],
      rows: report.ectopy.S.hourly.map((s, i) => {
        const v = report.ectopy.V.hourly[i];
        const analysed = hr.hourly[i]?.beats ?? 0;
        const share = (n: number): string => (analysed > 0 ? ((100 * n) / analysed).toFixed(2) : DASH);
        return [
          formatReportTime(s.hour.onset),
          String(s.beats),
          share(s.beats),
          String(s.couplets),
          String(s.runs),
          String(v?.beats ?? 0),
          share(v?.beats ?? 0),
          String(v?.couplets ?? 0),
          String(v?.runs ?? 0),
        ];
      }),
      note: 'Burden (%): beats of the class / analysed beats of the hour. Runs and couplets are counted in the hour of their first beat.',
    },
    patternTable(report, timeOf),
    {
      title: `Pauses (RR > ${(pauses.thresholdMs / 1000).toFixed(1)} s)`,
      columns: ['Onset', 'RR (s)'],
      rows: [
        ...pauses.pauses.slice(0, MAX_LISTED_ROWS).map((p) => [formatReportTime(p.onset), (p.rrMs / 1000).toFixed(2)]),
        ...(pauses.pauses.length > MAX_LISTED_ROWS ? [[`and ${pauses.pauses.length - MAX_LISTED_ROWS} more`, '']] : []),
      ],
      note: `${pauses.pauses.length} pause(s). Longest RR interval: ${pauses.longestRr === null ? DASH : `${(pauses.longestRr.rrMs / 1000).toFixed(2)} s at ${formatReportTime(pauses.longestRr.onset)}`}.`,
    },
    kv(
      'Rhythm episodes and tachycardias',
      [
        ...rhythmRows('Atrial fibrillation (AFIB)', episodes.rhythm.AFIB),
        ...HOLTER_RHYTHMS.filter((r) => r.code !== 'AFIB' && r.code !== 'N' && episodes.rhythm[r.code].episodes > 0).flatMap((r) =>
          rhythmRows(`${r.description} (${r.code})`, episodes.rhythm[r.code]),
        ),
        ...tachyRows('Ventricular tachycardia', episodes.vt),
        ...tachyRows('Supraventricular tachycardia', episodes.svt),
      ],
      `Rhythm episodes with their WFDB rhythm types; types without episodes are not listed. Burdens exclude NOISE time. ` +
        `VT/SVT: V/S runs of >= ${thresholds.minRunBeats} beats above ${thresholds.vtMinRateBpm}/${thresholds.svtMinRateBpm} bpm; ` +
        `sustained when >= ${thresholds.sustainedMinS} s.`,
    ),
  ];
  const { review } = provenance;
  tables.unshift(
    kv('Sign-off', [
      ['Review status', review.status],
      [
        'Reviewed by',
        review.reviewer === null ? 'not marked reviewed' : signOffPerson(review.reviewer, review.reviewerRole, review.reviewedAt),
      ],
      [
        'Signed by',
        isSigned(review) ? signOffPerson(review.signedBy, review.signerRole, review.signedAt) : 'not signed: PRELIMINARY report',
      ],
    ]),
  );
  tables.push(
    kv('Models and analysis', [
      ...provenance.models.map((m): [string, string] => [`Model ${m.name}`, `${m.version} (sha256 ${m.sha256.slice(0, 16)})`]),
      [
        'Analysis',
        provenance.analysis === null
          ? 'not stored (analysed for this report)'
          : `${provenance.analysis.createdAt}, ${provenance.analysis.backend}, ${provenance.analysis.detector}`,
      ],
      ['Generated', `${provenance.exportedAt} by holter-workstation ${provenance.appVersion}`],
    ]),
  );
  return tables;
}
