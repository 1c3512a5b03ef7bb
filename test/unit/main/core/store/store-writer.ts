/**
 * A real-store writer process for the two-process and kill tests: opens the
 * database with the app's `ReviewStore`, fails the analyses of dead writers
 * (as every writing process does at start-up), then runs a seeded stream of
 * actions and prints one JSON line per action *after* it committed (an
 * acknowledgement), written synchronously so a SIGKILL never loses a printed
 * line nor prints an uncommitted one.
 *
 *   npx tsx test/unit/main/core/store/store-writer.ts --db FILE --mode MODE --seed N --count N [--beats N] [--until FILE]
 *
 * Modes: `analyses` stores `count` synthetic analyses of `--beats` beats
 * (re-analysing three synthetic records in turn); `relabels` relabels `count`
 * random beats of the shown analyses; `mixed` does all review actions
 * (relabels, bulk relabels, artefact stretches, deletions, undo, redo, status
 * changes, case removals, imports with an analysis) at
 * random. A refused write (conflict: the record was re-analysed between
 * reading the beat and writing it; not found: the other process removed the
 * case meanwhile) is reloaded and retried or skipped, as the app does;
 * every other error is printed as `{"error": …}` and counted in the exit code.
 * With `--until FILE` the stream stops early once FILE exists. The last line
 * gives the failures and the longest action, in ms (for the test's log).
 */
import { createHash } from 'node:crypto';
import { existsSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ConflictError, NotFoundError, ReviewStore, type AnalysisResultRows } from '../../../../../src/main/core/store/review-store';
import { REVIEW_STATUSES, type ReviewAction } from '../../../../../src/shared/api';
import { AAMI_CLASSES } from '../../../../../src/shared/labels';

/** Beat spacing of the synthetic records, in samples (0.78 s at 360 Hz). */
const SYNTHETIC_RR_SAMPLES = 280;
/** Samples before the first and after the last synthetic beat. */
const SYNTHETIC_MARGIN_SAMPLES = 1000;

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    mode: { type: 'string', default: 'mixed' },
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '1000000' },
    beats: { type: 'string', default: '20000' },
    until: { type: 'string' },
  },
});
if (!values.db) throw new Error('--db FILE is required');
const random = seededRandom(Number(values.seed));
const count = Number(values.count);
const nBeats = Number(values.beats);
const store = new ReviewStore(values.db);
const editor = new ReviewEditor(store);
const interrupted = store.recoverInterruptedAnalyses();
/** Longest relabel transaction (waiting for the other process's write lock included), in ms. */
let longestWriteMs = 0;

function print(line: object): void {
  writeSync(1, JSON.stringify(line) + '\n');
}

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

function syntheticResult(beats: number, windows: number): AnalysisResultRows {
  return {
    elapsedMs: 1,
    beatSamples: Int32Array.from({ length: beats }, (_, i) => SYNTHETIC_MARGIN_SAMPLES + i * SYNTHETIC_RR_SAMPLES),
    beatLabels: Array.from({ length: beats }, (_, i) => (i % 17 === 0 ? 'V' : 'N')),
    beatConfidence: new Float32Array(beats).fill(0.9),
    beatAttention: new Float32Array(beats * 16).fill(1 / 16),
    beatAttentionSteps: 16,
    beatAttentionStartS: -0.25,
    beatAttentionEndS: 0.45,
    episodes: [{ label: 'N', onsetSample: 0, endSample: windows * 10_800, meanProbability: 0.9 }],
    rhythmWindowS: 30,
    windowStartSamples: Int32Array.from({ length: windows }, (_, i) => i * 10_800),
    windowLabels: Array.from({ length: windows }, () => 'N'),
    windowProbabilities: new Float32Array(windows * 4).fill(0.25),
    windowAttention: new Float32Array(windows * 46).fill(1 / 46),
    rhythmAttentionSteps: 46,
    afBurden: 0,
    recordCall: null,
  };
}

async function importAndAnalyse(k: number): Promise<object | null> {
  const nSamples = 2 * SYNTHETIC_MARGIN_SAMPLES + (nBeats - 1) * SYNTHETIC_RR_SAMPLES;
  const { recordId } = store.upsertRecord({
    path: `/synthetic/s${k}-${nBeats}.hea`,
    name: `s${k}-${nBeats}`,
    contentSha256: createHash('sha256').update(`synthetic record ${k} of ${nBeats} beats`).digest('hex'),
    fsHz: 360,
    nSamples,
    signalNames: ['MLII'],
    signalUnits: ['mV'],
  });
  let analysisId: number;
  try {
    analysisId = store.beginAnalysis(recordId, { backend: 'test', models: [], detector: 'synthetic' });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return null;
  }
  await store.completeAnalysis(analysisId, syntheticResult(nBeats, Math.floor(nSamples / 10_800)));
  return { ack: 'analysis', recordId, analysisId, beats: nBeats, at: new Date().toISOString() };
}

function shownRecords(): { recordId: number; analysisId: number }[] {
  return store.db
    .prepare(`SELECT record_id AS recordId, MAX(id) AS analysisId FROM analyses WHERE state = 'done' GROUP BY record_id ORDER BY record_id`)
    .all() as { recordId: number; analysisId: number }[];
}

function relabel(): object | null {
  for (;;) {
    const shown = pick(shownRecords());
    if (!shown) return null;
    const n = store.beatCounts(shown.analysisId);
    const total = AAMI_CLASSES.reduce((sum, c) => sum + n[c], 0);
    const beat = store.db
      .prepare('SELECT id FROM beats WHERE analysis_id = ? ORDER BY sample LIMIT 1 OFFSET ?')
      .get(shown.analysisId, Math.floor(random() * total)) as { id: number } | undefined;
    if (!beat) continue;
    try {
      const t0 = performance.now();
      const { event } = editor.relabelBeat(beat.id, pick(AAMI_CLASSES) ?? 'N', 'writer');
      longestWriteMs = Math.max(longestWriteMs, performance.now() - t0);
      return {
        ack: 'relabel',
        recordId: event.recordId,
        eventId: event.eventId,
        at: event.at,
        sample: event.sample,
        label: event.newValue,
      };
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
      print({ conflict: error.message });
    }
  }
}

function setStatus(): object | null {
  const shown = pick(shownRecords());
  if (!shown) return null;
  try {
    const { event } = editor.setStatus(shown.recordId, pick(REVIEW_STATUSES.filter((s) => s !== 'signed')) ?? 'open', 'writer');
    return { ack: 'status', recordId: shown.recordId, eventId: event.eventId, at: event.at, status: event.newValue };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return null;
  }
}

function remove(): object | null {
  const shown = pick(shownRecords());
  if (!shown) return null;
  try {
    const event = store.removeCase(shown.recordId, 'writer');
    return { ack: 'remove', recordId: shown.recordId, caseEventId: event.eventId, at: event.at };
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
    return null;
  }
}

/** Acknowledges a committed review action with the number of its audit rows. */
function actionAck(action: ReviewAction | null): object | null {
  if (!action) return null;
  const audits = store.db.prepare('SELECT COUNT(*) AS n FROM label_events WHERE action_id = ?').get(action.actionId) as { n: number };
  return { ack: 'action', recordId: action.recordId, actionId: action.actionId, kind: action.kind, at: action.at, audits: audits.n };
}

/** A bulk relabel, an artefact stretch, a deletion, an undo or a redo on a shown record. */
function reviewAction(): object | null {
  const shown = pick(shownRecords());
  if (!shown) return null;
  const ids = store.db
    .prepare('SELECT id FROM beats WHERE analysis_id = ? AND deleted = 0 ORDER BY sample LIMIT 50 OFFSET ?')
    .pluck()
    .all(shown.analysisId, Math.floor(random() * 1000)) as number[];
  const r = random();
  try {
    if (r < 0.3 && ids.length > 0) return actionAck(editor.relabelBeats(shown.recordId, ids, pick(AAMI_CLASSES) ?? 'N', 'writer'));
    if (r < 0.45) return actionAck(editor.setArtefact(shown.recordId, 0, 5000 + Math.floor(random() * 20_000), random() < 0.7, 'writer'));
    if (r < 0.55 && ids.length > 0) return actionAck(editor.deleteBeats(shown.recordId, ids.slice(0, 2), 'writer'));
    if (r < 0.8) return actionAck(editor.undo(shown.recordId, 'writer'));
    return actionAck(editor.redo(shown.recordId, 'writer'));
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
    return null;
  }
}

async function mixed(i: number): Promise<object | null> {
  const r = random();
  if (r < 0.6) return relabel();
  if (r < 0.8) return reviewAction();
  if (r < 0.94) return setStatus();
  if (r < 0.96) return remove();
  return importAndAnalyse(i % 6);
}

print({ ready: process.pid, interrupted: interrupted.length, at: new Date().toISOString() });
let failures = 0;
let longestMs = 0;
for (let i = 0; i < count && !(values.until && existsSync(values.until)); i++) {
  const t0 = performance.now();
  try {
    const ack = values.mode === 'analyses' ? await importAndAnalyse(i % 3) : values.mode === 'relabels' ? relabel() : await mixed(i);
    if (ack) print(ack);
  } catch (error) {
    failures++;
    print({ error: error instanceof Error ? error.message : String(error) });
  }
  longestMs = Math.max(longestMs, performance.now() - t0);
}
store.close();
print({ done: true, failures, longestMs: Math.round(longestMs), longestWriteMs: Math.round(longestWriteMs) });
process.exitCode = failures > 0 ? 1 : 0;
