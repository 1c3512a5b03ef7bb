/**
 * Review-screen figures for `npm run bench`, in Debian's Chromium against the real core (`serve.ts` in a child
 * process, its WebSocket transport, the built renderer) on the 24 h concatenation of the 48 mitdb records:
 *
 * - open the case → overview and strip painted: from the click on the case row to the animation frame after the
 *   overview chart and the strip canvas were drawn with their data (median of 5 opens, each from a fresh page);
 * - page step on the strip: from the key press (ArrowRight) to the frame after the strip canvas holds the next page
 *   (median of 40 steps);
 * - relabel a template of at least 10,000 beats (the smallest N template that large; its size is printed with the
 *   time), persisted, UI updated: from the template's label change to the frame
 *   after the server's committed reply and the reloaded views (template panel, counts, overview, strip, audit
 *   trail) were drawn; and the undo of that relabel (Ctrl+Z), to the same point (median of 3 each); also to the
 *   frame where the events list, which follows on its own, is current. As in the app, the WAL checkpoint of an edit
 *   runs after it, once the server idles (`IdleCheckpoint`), not inside these times;
 * - renderer memory after an hour of scripted review, compressed in time: a scripted technician's hour (1,200
 *   actions: page steps, beat relabels, event jumps, template relabels with their undo) run back to back, each action
 *   checked on screen and each edit in the database (see `scriptedHour`), then the renderer processes' memory (PSS
 *   and RSS from /proc/PID/smaps_rollup of every Chromium `--type=renderer` process under this one) after a forced
 *   garbage collection; also sampled every 200 actions, so that a leak shows as a rising series.
 *
 * The record is analysed once through the UI's import (native backend when built) unless `reviewDb` names a database
 * where it already is (it is copied first, so the bench leaves it unchanged). Each figure is printed on its own line
 * with its unit. The machine is shared: the load average is printed with the figures.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { recordContentHash } from '../src/main/core/analysis/content-hash';
import { probeSignalRecord } from '../src/main/core/formats/probe-signal-record';
import { launchChromium, missingForE2e, startServe } from '../test/e2e/serve-process';

/** What a scripted hour holds: about 20 actions a minute. */
const HOUR_ACTIONS = 1_200;
/** The renderers' memory is sampled every this many actions of the hour. */
const HOUR_SAMPLE_ACTIONS = 200;
const OPEN_RUNS = 5;
const PAGE_STEPS = 40;
const TEMPLATE_RUNS = 3;
const TEMPLATE_BEATS = 10_000;

/** Options of {@link benchReviewUi}. */
export interface ReviewUiBenchOptions {
  /** the 24 h record's header */
  headerPath: string;
  /** a review database holding the record's finished analysis (copied), or undefined to analyse it here */
  reviewDb?: string;
  /** actions of the scripted hour (default 1,200) */
  hourActions?: number;
}

/**
 * In-page helpers (a script string: the node-side typecheck has no DOM types). `__paintedAfter(t0, ready)` resolves
 * with the time from t0 to the first animation frame at which `ready()` holds, checked on every DOM mutation and frame.
 */
const PAGE_HELPERS = `
window.__paintedAfter = (t0, ready) => new Promise((resolve, reject) => {
  let done = false;
  const timer = setTimeout(() => {
    done = true;
    observer.disconnect();
    reject(new Error('bench-review-ui: the screen did not reach its state within 60 s'));
  }, 60000);
  const finish = () => {
    if (done || !ready()) return;
    done = true;
    clearTimeout(timer);
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  };
  const observer = new MutationObserver(finish);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  const frame = () => { if (!done) { finish(); requestAnimationFrame(frame); } };
  frame();
});
window.__stripAt = (startSample) => {
  const strip = document.querySelector('[data-testid="strip"]');
  return strip !== null && Number(strip.dataset.startSample) === startSample && strip.querySelector('[data-testid="beat-marker"]') !== null;
};
window.__reviewIdle = () => document.querySelector('[data-testid="record-view"][data-review-busy="false"]') !== null;
window.__eventsCurrent = () => document.querySelector('[data-testid="events"][data-updating="false"]') !== null;
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

/** Memory of the Chromium renderer processes descended from this process: how many, resident and proportional, in bytes. */
interface RendererMemory {
  processes: number;
  /** VmRSS summed (pages shared with other Chromium processes counted in each) */
  rssBytes: number;
  /** Pss summed (shared pages split between their sharers) */
  pssBytes: number;
}

function rendererMemory(): RendererMemory {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(entry));
    } catch {
      // the process ended while listed
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const memory: RendererMemory = { processes: 0, rssBytes: 0, pssBytes: 0 };
  for (const pid of renderers.filter(descends)) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    memory.processes++;
    memory.rssBytes += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    memory.pssBytes += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  }
  return memory;
}

async function openCaseMs(page: Page, url: string, name: string): Promise<number> {
  await page.goto(url);
  await page.locator(`[data-testid="case-row"][data-record-name="${name}"]`).waitFor({ timeout: 60_000 });
  return page.evaluate(`(() => {
    const t0 = performance.now();
    document.querySelector('[data-testid="case-row"][data-record-name="${name}"]').click();
    return window.__paintedAfter(t0, () => {
      const strip = document.querySelector('[data-testid="strip"]');
      const chart = document.querySelector('[data-testid="overview"] canvas');
      return strip !== null && strip.dataset.startSample !== undefined && strip.querySelector('[data-testid="beat-marker"]') !== null
        && chart !== null && chart.width > 0;
    });
  })()`);
}

async function pageStepMs(page: Page): Promise<number> {
  const next = Number(await page.getByTestId('strip').getAttribute('data-end-sample'));
  const t0 = await page.evaluate<number>('performance.now()');
  await page.keyboard.press('ArrowRight');
  return page.evaluate(`window.__paintedAfter(${t0}, () => window.__stripAt(${next}))`);
}

/** Times to the UI updated (the review idle again with `shown` true) and to the events list current too, in ms. */
interface EditTimes {
  uiMs: number;
  eventsMs: number;
}

/** In-page: waits for the review to be idle with `shown`, then for the events list; resolves with {@link EditTimes}. */
const EDIT_DONE = (t0: string, shown: string): string => `(async () => {
  const uiMs = await window.__paintedAfter(${t0}, () => window.__reviewIdle() && (${shown}));
  const eventsMs = await window.__paintedAfter(${t0}, window.__eventsCurrent);
  return { uiMs, eventsMs };
})()`;

/** Relabels the template via its select, until the panel no longer shows it with the old label (see {@link EDIT_DONE}). */
async function relabelTemplateMs(page: Page, templateId: string, label: string): Promise<EditTimes> {
  await page.evaluate(`(() => {
    const select = document.querySelector('[data-testid="template"][data-template-id="${templateId}"] [data-testid="template-label"]');
    window.__t0 = performance.now();
    select.value = '${label}';
    select.dispatchEvent(new Event('change'));
  })()`);
  // the relabelled template moves to its class's tab
  return page.evaluate(
    EDIT_DONE(
      'window.__t0',
      `document.querySelector('[data-testid="template"][data-template-id="${templateId}"]:not([data-label="${label}"])') === null`,
    ),
  );
}

/** Ctrl+Z, until the panel shows the template with its old label again. */
async function undoMs(page: Page, templateId: string, label: string): Promise<EditTimes> {
  await page.evaluate('document.activeElement?.blur()');
  const t0 = await page.evaluate<number>('performance.now()');
  await page.keyboard.press('Control+z');
  return page.evaluate(
    EDIT_DONE(
      String(t0),
      `document.querySelector('[data-testid="template"][data-template-id="${templateId}"][data-label="${label}"]') !== null`,
    ),
  );
}

/**
 * The smallest N template of at least 10,000 beats (the row), its id and count.
 * @throws Error when the record shows none (its templates are listed with their counts)
 */
async function bigTemplate(page: Page): Promise<{ id: string; count: number }> {
  await page.locator('[data-testid="template"]').first().waitFor({ timeout: 120_000 });
  const all = await page.$$eval('[data-testid="template"][data-label="N"]', (nodes) =>
    nodes.map((n) => ({ id: n.getAttribute('data-template-id') ?? '', count: Number(n.getAttribute('data-count')) })),
  );
  const best = all.filter((t) => t.count >= TEMPLATE_BEATS).sort((a, b) => a.count - b.count)[0];
  if (!best) {
    const counts = all.map((t) => t.count).join(', ');
    throw new Error(`bench-review-ui: the record shows no N template of ${TEMPLATE_BEATS} beats or more (N templates listed: ${counts})`);
  }
  return best;
}

/** The strip's span on screen, in samples. (Waits below are evaluated helpers: the page's CSP forbids waitForFunction's eval.) */
async function stripSpan(page: Page): Promise<{ start: number; end: number }> {
  const strip = page.getByTestId('strip');
  return { start: Number(await strip.getAttribute('data-start-sample')), end: Number(await strip.getAttribute('data-end-sample')) };
}

/** What the scripted hour did, each action checked (see {@link scriptedHour}). */
interface HourTally {
  pageSteps: number;
  beatRelabels: number;
  eventJumps: number;
  templateRelabels: number;
  undos: number;
}

/** Reads the bench's copy of the database (read only) to check that an action was committed. */
type DbGet = <T>(sql: string, ...args: unknown[]) => T;

/** One page forward (or back), checked: the strip then starts where the last one ended (or one page earlier). */
async function stepPage(page: Page, direction: 1 | -1): Promise<void> {
  const { start, end } = await stripSpan(page);
  const back = direction === -1 && start > 0;
  const expected = back ? Math.max(0, start - (end - start)) : end;
  await page.keyboard.press(back ? 'ArrowLeft' : 'ArrowRight');
  await page.evaluate(`window.__paintedAfter(0, () => window.__stripAt(${expected}) && !document.querySelector('.strip-scroll.busy'))`);
}

/**
 * The next beat (`]`), relabelled from the keyboard, checked: its marker shows the label as a reviewer's, and the
 * database holds it. The label is S on every third call, else N; when the beat already is a reviewer's beat of that
 * label, the other one (so that every relabel changes something).
 */
async function relabelNextBeat(page: Page, get: DbGet, sClass: boolean): Promise<void> {
  const selected = page.locator('[data-testid="strip"] [data-testid="beat-marker"][aria-selected="true"]');
  const before = (await selected.count()) > 0 ? await selected.getAttribute('data-beat-id') : null;
  await page.keyboard.press(']');
  await page.evaluate(`window.__paintedAfter(0, () => {
    const marker = document.querySelector('[data-testid="strip"] [data-testid="beat-marker"][aria-selected="true"]');
    return marker !== null && marker.dataset.beatId !== ${JSON.stringify(before)} && !document.querySelector('.strip-scroll.busy');
  })`);
  const beatId = Number(await selected.getAttribute('data-beat-id'));
  const [label, source] = [await selected.getAttribute('data-label'), await selected.getAttribute('data-source')];
  let wanted = sClass ? 'S' : 'N';
  if (label === wanted && source === 'human') wanted = wanted === 'S' ? 'N' : 'S';
  await page.keyboard.press(wanted.toLowerCase());
  const marker = `[data-testid="strip"] [data-testid="beat-marker"][data-beat-id="${beatId}"][data-label="${wanted}"][data-source="human"]`;
  await page.evaluate(`window.__paintedAfter(0, () => window.__reviewIdle() && document.querySelector('${marker}') !== null)`);
  const stored = get<{ label: string; source: string }>('SELECT label, source FROM beats WHERE id = ?', beatId);
  if (stored.label !== wanted || stored.source !== 'human') {
    throw new Error(`bench-review-ui: beat ${beatId} relabelled ${wanted} on screen but stored as ${stored.label} (${stored.source})`);
  }
}

/** The next event (`e`), checked: the strip moved on, and shows beats. */
async function jumpToNextEvent(page: Page): Promise<void> {
  const { start } = await stripSpan(page);
  await page.keyboard.press('e');
  await page.evaluate(`window.__paintedAfter(0, () => {
    const strip = document.querySelector('[data-testid="strip"]');
    return strip !== null && Number(strip.dataset.startSample) > ${start} && strip.querySelector('[data-testid="beat-marker"]') !== null
      && !document.querySelector('.strip-scroll.busy');
  })`);
}

/** The record's latest review action of a kind: its id, state and rows changed. */
function latestAction(get: DbGet, kind: string): { id: number; state: string; changed_rows: number } {
  return get(`SELECT id, state, changed_rows FROM review_actions WHERE kind = ? ORDER BY id DESC LIMIT 1`, kind);
}

/**
 * One scripted hour: per 20 actions, 13 page steps (every fifth one back), 3 beat relabels (next beat, then a key),
 * 2 event jumps, and a template relabel with its undo (the undo right after, so that it undoes the template
 * relabel). Each action is checked on screen, and the edits in the database too (a relabel committed with its beats,
 * the undo marking it undone); a check that fails stops the bench with an error saying which.
 * @param onProgress - called after every 20 actions with the count done so far
 */
async function scriptedHour(
  page: Page,
  get: DbGet,
  actions: number,
  template: { id: string; count: number },
  onProgress: (done: number) => Promise<void>,
): Promise<HourTally> {
  const tally: HourTally = { pageSteps: 0, beatRelabels: 0, eventJumps: 0, templateRelabels: 0, undos: 0 };
  for (let done = 0; done < actions;) {
    for (let i = 0; i < 13 && done < actions; i++, done++, tally.pageSteps++) await stepPage(page, i % 5 === 4 ? -1 : 1);
    for (let i = 0; i < 3 && done < actions; i++, done++, tally.beatRelabels++) await relabelNextBeat(page, get, i === 1);
    for (let i = 0; i < 2 && done < actions; i++, done++, tally.eventJumps++) await jumpToNextEvent(page);
    if (done + 2 <= actions) {
      done += 2;
      await relabelTemplateMs(page, template.id, 'Q');
      // the template's beats as the server had them (the hour's beat relabels may have moved some out)
      const relabel = latestAction(get, 'relabel');
      const relabelled = get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM action_beats s JOIN beats b ON b.id = s.beat_id WHERE s.action_id = ? AND b.label = 'Q' AND b.source = 'human'`,
        relabel.id,
      ).n;
      if (relabel.state !== 'done' || relabel.changed_rows < template.count - tally.beatRelabels || relabelled !== relabel.changed_rows) {
        throw new Error(
          `bench-review-ui: template relabel ${relabel.id} is ${relabel.state}, ${relabelled} of its ${relabel.changed_rows} beats Q (template of ${template.count})`,
        );
      }
      tally.templateRelabels++;
      await undoMs(page, template.id, 'N');
      const undone = get<{ state: string }>('SELECT state FROM review_actions WHERE id = ?', relabel.id).state;
      const restored = get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM action_beats s JOIN beats b ON b.id = s.beat_id WHERE s.action_id = ? AND b.label = s.old_label AND b.source = s.old_source`,
        relabel.id,
      ).n;
      if (undone !== 'undone' || restored !== relabel.changed_rows) {
        throw new Error(
          `bench-review-ui: the undo left template relabel ${relabel.id} ${undone}, ${restored} of ${relabel.changed_rows} beats restored`,
        );
      }
      tally.undos++;
    }
    if (done % 20 === 0 || done >= actions) await onProgress(done);
  }
  return tally;
}

/**
 * When the copied database names the record at a path that is gone (it was analysed in another checkout), points
 * the copy at `headerPath` if that file holds the same recording (same content hash), so the strip can be read.
 * @param dbPath - the bench's copy of the review database
 * @param headerPath - the 24 h record's header here
 * @throws Error when the stored record is gone and `headerPath` holds another recording
 */
async function repointMovedRecord(dbPath: string, headerPath: string): Promise<void> {
  const db = new Database(dbPath);
  try {
    const rows = db.prepare('SELECT id, path, content_sha256 AS sha FROM records').all() as { id: number; path: string; sha: string }[];
    const moved = rows.filter((r) => !existsSync(r.path));
    if (moved.length === 0) return;
    const sha = await recordContentHash(headerPath, probeSignalRecord(headerPath).header);
    const same = moved.find((r) => r.sha === sha);
    if (!same)
      throw new Error(
        `bench-review-ui: the review database names ${moved[0]?.path}, which is gone, and ${headerPath} is another recording`,
      );
    db.prepare('UPDATE records SET path = ? WHERE id = ?').run(headerPath, same.id);
    console.log(`review UI: the database's copy names ${same.path} (gone): pointed at ${headerPath}, the same recording`);
  } finally {
    db.close();
  }
}

/**
 * Prints the review-screen figures (see the file comment).
 * @throws Error when Chromium or the built renderer is missing, or the UI does not reach a state in time
 */
export async function benchReviewUi(options: ReviewUiBenchOptions): Promise<void> {
  const missing = missingForE2e([[options.headerPath, 'npx tsx scripts/make-holter-24h.ts']]);
  if (missing.length > 0) {
    console.log(`review UI figures skipped: missing ${missing.join(', ')}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-ui-'));
  const dbPath = join(dir, 'review.sqlite');
  if (options.reviewDb && existsSync(options.reviewDb)) {
    copyFileSync(options.reviewDb, dbPath);
    await repointMovedRecord(dbPath, options.headerPath);
  }
  // as users run it: replies not checked against the contract (the e2e tests check them)
  const server = await startServe(dbPath, randomBytes(24).toString('hex'), false);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(PAGE_HELPERS);
    const name = /([^/]+)\.hea$/.exec(options.headerPath)?.[1] ?? '';
    await page.goto(server.url);
    await page.locator('[data-testid="cases"][data-loaded="true"]').waitFor({ timeout: 60_000 });
    const row = page.locator(`[data-testid="case-row"][data-record-name="${name}"]`);
    if ((await row.count()) === 0) {
      await page.getByTestId('import-path').fill(options.headerPath);
      await page.getByTestId('import-button').click();
      await row.waitFor({ timeout: 60_000 });
      const t0 = Date.now();
      while ((await row.getByTestId('analysis-state').textContent())?.trim() !== 'done') {
        if (Date.now() - t0 > 3_600_000) throw new Error(`bench-review-ui: the analysis of ${name} did not finish within an hour`);
        await page.waitForTimeout(1000);
      }
      console.log(`review UI: analysis of ${name} for the bench: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const loadBefore = loadavg()[0] as number;
    console.log(`review UI (Chromium, real core, ${name}; load average ${loadBefore.toFixed(1)} on 2 shared cores):`);
    const openMs: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      openMs.push(await openCaseMs(page, server.url, name));
      // the lists (templates, events) load after the paint; let them land before the next open
      await bigTemplate(page);
    }
    const runs = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
    console.log(`review UI: open the case → overview and strip painted: median ${median(openMs).toFixed(0)} ms (runs: ${runs(openMs)})`);
    const stepMs: number[] = [];
    for (let i = 0; i < PAGE_STEPS; i++) stepMs.push(await pageStepMs(page));
    console.log(
      `review UI: page step on the strip, key press → painted: median ${median(stepMs).toFixed(0)} ms (of ${PAGE_STEPS}; max ${Math.max(...stepMs).toFixed(0)} ms)`,
    );
    const template = await bigTemplate(page);
    const relabels: EditTimes[] = [];
    const undos: EditTimes[] = [];
    for (let run = 0; run < TEMPLATE_RUNS; run++) {
      relabels.push(await relabelTemplateMs(page, template.id, 'V'));
      undos.push(await undoMs(page, template.id, 'N'));
    }
    const ui = (times: EditTimes[]): number[] => times.map((t) => t.uiMs);
    const withEvents = (times: EditTimes[]): number[] => times.map((t) => t.eventsMs);
    const relabelMs = ui(relabels);
    const undoneMs = ui(undos);
    const count = template.count.toLocaleString('en');
    console.log(
      `review UI: relabel a template of ${count} beats, persisted, UI updated: median ${median(relabelMs).toFixed(0)} ms (runs: ${runs(relabelMs)})`,
    );
    console.log(
      `review UI: undo of that relabel, persisted, UI updated: median ${median(undoneMs).toFixed(0)} ms (runs: ${runs(undoneMs)})`,
    );
    console.log(
      `review UI: … the events list (recomputed from every beat on the server's review worker) current too: relabel median ${median(withEvents(relabels)).toFixed(0)} ms, ` +
        `undo median ${median(withEvents(undos)).toFixed(0)} ms`,
    );
    const session = await page.context().newCDPSession(page);
    await session.send('HeapProfiler.enable');
    /** The renderers' memory and the page's JavaScript heap, both after a forced garbage collection. */
    const measure = async (): Promise<RendererMemory & { heapBytes: number }> => {
      await session.send('HeapProfiler.collectGarbage');
      const heapBytes = ((await session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      return { ...rendererMemory(), heapBytes };
    };
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
    const before = await measure();
    const trend: RendererMemory[] = [before];
    const actions = options.hourActions ?? HOUR_ACTIONS;
    const db = new Database(dbPath, { readonly: true });
    const get: DbGet = <T>(sql: string, ...args: unknown[]): T => db.prepare(sql).get(...args) as T;
    const t0 = Date.now();
    let tally: HourTally;
    try {
      tally = await scriptedHour(page, get, actions, template, async (done) => {
        if (done % HOUR_SAMPLE_ACTIONS === 0 && done < actions) trend.push(await measure());
      });
    } finally {
      db.close();
    }
    const hourS = (Date.now() - t0) / 1000;
    const after = await measure();
    trend.push(after);
    console.log(
      `review UI: scripted hour: ${actions.toLocaleString('en')} actions back to back in ${hourS.toFixed(0)} s, each checked on screen and the edits in the database ` +
        `(${tally.pageSteps} page steps, ${tally.beatRelabels} beat relabels, ${tally.eventJumps} event jumps, ${tally.templateRelabels} template relabels, ${tally.undos} undos)`,
    );
    console.log(
      `review UI: … renderer PSS after GC every ${HOUR_SAMPLE_ACTIONS} actions: ${trend.map((m) => mb(m.pssBytes)).join(', ')} MB; ` +
        `JS heap before / after the hour: ${mb(before.heapBytes)} / ${mb(after.heapBytes)} MB`,
    );
    console.log(`review UI: renderer memory after an hour of scripted review: ${mb(after.pssBytes)} MB (PSS)`);
    console.log(
      `review UI: … ${mb(after.rssBytes)} MB RSS in ${after.processes} renderer process(es); before the hour ${mb(before.pssBytes)} MB PSS, ${mb(before.rssBytes)} MB RSS`,
    );
    console.log(`review UI: load average (1 min) ${(loadavg()[0] as number).toFixed(1)} at the end`);
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
