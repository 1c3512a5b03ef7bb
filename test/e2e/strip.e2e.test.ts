/**
 * End to end, the strip and the overview as a technician uses them, on mitdb
 * 208 through `npm run serve` with the real core and Debian's Chromium: Tab
 * reaches the toolbar without moving the beat selection, paging at 200 %
 * zoom covers consecutive seconds with nothing hidden, tick labels do not
 * overlap at 75 %, gain and speed change the drawn 1 mV calibration pulse,
 * calipers read Δt and HR, the attention overlays toggle independently with
 * a legend, the full-disclosure page lays consecutive rows and opens the
 * strip, and the overview gives the recording's start and opens the strip
 * where clicked. Screenshots go to `test-results/`.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, missingForE2e, root, startServe, type ServeProcess } from './serve-process';

const record208 = resolve(root, '../shared/data/mitdb/208.hea');
const results = join(root, 'test-results');
const missing = missingForE2e([[record208, '../shared/data']]);
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

/** Extent of the dark (trace-coloured) pixels in the calibration margin of the first lead, in CSS px. */
interface PulseExtent {
  heightPx: number;
  widthPx: number;
}

/**
 * Measures the drawn calibration pulse from the canvas pixels: its height above the baseline and its top's width.
 * Runs in the page (a script string: the node-side typecheck has no DOM types).
 */
const MEASURE_PULSE = `(() => {
  const canvas = document.querySelector('[data-testid="paper-canvas"]');
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const marginPx = Math.floor(Number(canvas.dataset.traceLeftPx) * ratio);
  const bandPx = Math.floor(Number(canvas.dataset.leadHeightPx) * ratio);
  const data = canvas.getContext('2d').getImageData(0, 0, marginPx, bandPx).data;
  const dark = (x, y) => {
    const i = (y * marginPx + x) * 4;
    return (data[i] ?? 255) < 90 && (data[i + 1] ?? 255) < 90 && (data[i + 2] ?? 255) < 90;
  };
  let top = Infinity;
  let baseline = -1;
  for (let y = 0; y < bandPx; y++) {
    for (let x = 0; x < marginPx; x++) if (dark(x, y)) top = Math.min(top, y);
    if (dark(1, y)) baseline = y;
  }
  let left = Infinity;
  let right = -Infinity;
  for (let x = 0; x < marginPx; x++) {
    if (dark(x, top) || dark(x, top + 1)) {
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return { heightPx: (baseline - top) / ratio, widthPx: (right - left) / ratio };
})()`;

function measurePulse(page: Page): Promise<PulseExtent> {
  return page.evaluate<PulseExtent>(MEASURE_PULSE);
}

/** Waits for a case's analysis to finish (up to 600 s), then opens it and waits for its strip. */
async function openWhenAnalysed(page: Page, name: string): Promise<void> {
  const row = page.locator(`[data-testid="case-row"][data-record-name="${name}"]`);
  await row.waitFor({ timeout: 60_000 });
  for (let waited = 0; (await row.getByTestId('analysis-state').textContent())?.trim() !== 'done'; waited += 1000) {
    if (waited > 600_000) throw new Error(`analysis of ${name} did not finish within 600 s`);
    await page.waitForTimeout(1000);
  }
  await row.click();
  await page.getByTestId('strip').getByTestId('beat-marker').first().waitFor({ timeout: 60_000 });
}

/** The strip's shown span from the toolbar's range, in s. */
async function stripRange(page: Page): Promise<{ startS: number; endS: number }> {
  const range = page.getByTestId('strip-range');
  return { startS: Number(await range.getAttribute('data-start-s')), endS: Number(await range.getAttribute('data-end-s')) };
}

/** Waits until the drawn strip starts at a time (its first beat marker belongs to the new window). */
async function waitForStripAt(page: Page, startS: number): Promise<void> {
  await expect.poll(async () => (await stripRange(page)).startS, { timeout: 20_000 }).toBeCloseTo(startS, 3);
  await expect.poll(() => page.locator('.strip-scroll.busy').count(), { timeout: 20_000 }).toBe(0);
}

describe.skipIf(missing.length > 0)('strip and overview on mitdb 208 (serve transport, Chromium)', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-strip-e2e-'));
    server = await startServe(join(dir, 'e2e.sqlite'), randomBytes(24).toString('hex'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    mkdirSync(results, { recursive: true });
    await page.goto(server.url);
    await page.getByTestId('import-path').fill(record208);
    await page.getByTestId('import-button').click();
    await openWhenAnalysed(page, '208');
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets Tab move the focus to the toolbar controls, leaving the beat selection alone; ] still steps beats', async () => {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    const reached = new Set<string>();
    for (let i = 0; i < 60 && !reached.has('gain-10'); i++) {
      await page.keyboard.press('Tab');
      const testId = await page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? ''");
      reached.add(testId);
    }
    expect(reached).toContain('strip-next');
    expect(reached).toContain('speed-25');
    expect(reached).toContain('gain-10');
    expect(await page.locator('[data-testid="beat-marker"][aria-selected="true"]').count()).toBe(0);
    await page.keyboard.press(']');
    await expect.poll(() => page.locator('[data-testid="beat-marker"][aria-selected="true"]').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('keeps the strip tick labels apart at 75 % zoom', async () => {
    await page.getByTestId('zoom').selectOption('0.75');
    await expect.poll(async () => (await stripRange(page)).endS - (await stripRange(page)).startS).toBeGreaterThan(10);
    const boxes: { left: number; right: number }[] = [];
    for (const tick of await page.getByTestId('strip-tick').all()) {
      const box = (await tick.boundingBox())!;
      boxes.push({ left: box.x, right: box.x + box.width });
    }
    expect(boxes.length).toBeGreaterThan(5);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThan(boxes[i - 1]!.right);
    await page.screenshot({ path: join(results, 'e2e-strip-208-zoom75.png') });
  });

  it('pages at 200 % zoom by exactly what the screen shows: consecutive seconds, none hidden', async () => {
    await page.getByTestId('zoom').selectOption('2');
    await expect.poll(async () => (await stripRange(page)).endS - (await stripRange(page)).startS).toBeLessThan(10);
    const first = await stripRange(page);
    const spanS = first.endS - first.startS;
    expect(spanS).toBeGreaterThanOrEqual(1);
    const fits = async () => {
      const strip = (await page.getByTestId('strip').boundingBox())!;
      const scroller = (await page.locator('.strip-scroll').boundingBox())!;
      return strip.x >= scroller.x && strip.x + strip.width <= scroller.x + scroller.width;
    };
    expect(await fits()).toBe(true);
    let previous = first;
    const stepMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.keyboard.press('ArrowRight');
      await waitForStripAt(page, previous.endS);
      stepMs.push(Date.now() - t0);
      const now = await stripRange(page);
      expect(now.startS).toBeCloseTo(previous.endS, 6);
      expect(now.endS - now.startS).toBeCloseTo(spanS, 6);
      expect(await fits()).toBe(true);
      previous = now;
    }
    stepMs.sort((a, b) => a - b);
    console.log(`strip page step at 200 %, key press to drawn, as polled by the test (upper bound): median ${stepMs[2]} ms`);
    await page.keyboard.press('PageUp');
    await waitForStripAt(page, previous.startS - spanS);
    await page.screenshot({ path: join(results, 'e2e-strip-208-zoom200.png') });
  });

  it('draws the 1 mV calibration pulse one gain high and 0.2 s wide, following the gain and speed controls', async () => {
    const pxPerMm = async () => Number(await page.getByTestId('paper-canvas').getAttribute('data-px-per-s')) / 25;
    await page.getByTestId('speed-25').click();
    await page.getByTestId('gain-10').click();
    const mm = await pxPerMm();
    const standard = await measurePulse(page);
    expect(standard.heightPx).toBeGreaterThan(10 * mm - 2);
    expect(standard.heightPx).toBeLessThan(10 * mm + 2);
    expect(standard.widthPx).toBeGreaterThan(5 * mm - 2);
    expect(standard.widthPx).toBeLessThan(5 * mm + 2);

    await page.getByTestId('gain-20').click();
    await expect.poll(async () => (await measurePulse(page)).heightPx).toBeGreaterThan(20 * mm - 2);
    expect((await measurePulse(page)).heightPx).toBeLessThan(20 * mm + 2);
    await page.getByTestId('gain-5').click();
    await expect.poll(async () => (await measurePulse(page)).heightPx).toBeLessThan(5 * mm + 2);

    await page.getByTestId('speed-50').click();
    await expect.poll(async () => (await measurePulse(page)).widthPx).toBeGreaterThan(10 * mm - 2);
    expect((await measurePulse(page)).widthPx).toBeLessThan(10 * mm + 2);
    await page.screenshot({ path: join(results, 'e2e-strip-208-speed50-gain5.png') });
    await page.getByTestId('speed-25').click();
    await page.getByTestId('gain-10').click();
  });

  it('reads Δt, ΔmV and the implied HR with calipers dragged on the paper', async () => {
    const canvas = page.getByTestId('paper-canvas');
    const box = (await canvas.boundingBox())!;
    const pxPerS = Number(await canvas.getAttribute('data-px-per-s'));
    const dragPx = 150;
    await page.mouse.move(box.x + 200, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 200 + dragPx, box.y + 40, { steps: 6 });
    await page.mouse.up();
    const readout = page.getByTestId('caliper-readout');
    await readout.waitFor();
    const dtMs = Number(await readout.getAttribute('data-dt-ms'));
    const expectedMs = (dragPx / pxPerS) * 1000;
    expect(Math.abs(dtMs - expectedMs)).toBeLessThan(0.02 * expectedMs);
    const text = (await readout.textContent()) ?? '';
    expect(text).toContain(`Δt ${dtMs.toFixed(0)} ms`);
    expect(text).toContain(`HR ${(60_000 / dtMs).toFixed(0)} bpm`);
    expect(text).toMatch(/ΔV -?0\.0\d mV/);
    await page.getByTestId('strip').screenshot({ path: join(results, 'e2e-strip-208-calipers.png') });
    await page.keyboard.press('Escape');
    expect(await readout.count()).toBe(0);
  });

  it('toggles beat and rhythm attention independently, each with its legend entry', async () => {
    const legend = page.getByTestId('attention-legend');
    await expect.poll(() => legend.textContent()).toMatch(/overlays off/);
    await page.getByTestId('attention-beat').check();
    expect(await page.getByTestId('attention-legend-beat').isVisible()).toBe(true);
    expect(await page.getByTestId('attention-legend-rhythm').count()).toBe(0);
    await page.getByTestId('attention-rhythm').check();
    await page.getByTestId('attention-beat').uncheck();
    expect(await page.getByTestId('attention-legend-beat').count()).toBe(0);
    expect(await page.getByTestId('attention-legend-rhythm').textContent()).toMatch(/rhythm model/);
    expect(await legend.textContent()).toMatch(/largest weight is 1/);
    await page.getByTestId('attention-beat').check();
    await page.screenshot({ path: join(results, 'e2e-strip-208-attention.png'), fullPage: true });
    await page.getByTestId('attention-beat').uncheck();
    await page.getByTestId('attention-rhythm').uncheck();
  });

  it('shows a full-disclosure page of consecutive 60 s rows and opens the strip at a clicked row', async () => {
    await page.getByTestId('mode-disclosure').click();
    const rows = page.getByTestId('disclosure-row');
    await expect.poll(() => rows.count()).toBe(8);
    const starts: number[] = [];
    for (const row of await rows.all()) starts.push(Number(await row.getAttribute('data-start-s')));
    starts.forEach((s, i) => i > 0 && expect(s - starts[i - 1]!).toBe(60));
    await expect
      .poll(() => page.locator('[data-testid="disclosure-mark"][data-label="V"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(results, 'e2e-strip-208-disclosure.png'), fullPage: true });
    const third = rows.nth(2).locator('canvas');
    const box = (await third.boundingBox())!;
    await third.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByTestId('strip').waitFor();
    const range = await stripRange(page);
    const centre = (range.startS + range.endS) / 2;
    expect(centre).toBeGreaterThan(starts[2]! + 20);
    expect(centre).toBeLessThan(starts[2]! + 40);
  });

  it('gives the recording start (208 has none in its header) on an axis of whole 5 min steps, and opens the strip where clicked', async () => {
    expect(await page.getByTestId('recording-start').textContent()).toMatch(/not in the record header/);
    const axis = page.getByTestId('overview-axis');
    expect(await axis.getAttribute('data-step-s')).toBe('300');
    expect(await page.getByTestId('ectopy-missing').count()).toBe(0);
    const chart = page.getByTestId('overview').locator('.chart');
    const box = (await chart.boundingBox())!;
    await chart.click({ position: { x: 46 + (box.width - 60) / 2, y: 50 } });
    await expect
      .poll(async () => {
        const r = await stripRange(page);
        return (r.startS + r.endS) / 2;
      })
      .toBeGreaterThan(800);
    const r = await stripRange(page);
    expect((r.startS + r.endS) / 2).toBeLessThan(1000);
    const overviewShot = join(results, 'e2e-strip-208-overview.png');
    await page.screenshot({ path: overviewShot, fullPage: true });
    expect(existsSync(overviewShot)).toBe(true);
  });

  it('shows the start date and time of a header that has them, with axis ticks on whole clock minutes', async () => {
    const folder = join(dir, 'with-start');
    mkdirSync(folder);
    copyFileSync(resolve(root, '../shared/data/mitdb/208.dat'), join(folder, '208.dat'));
    const lines = readFileSync(record208, 'latin1').split('\n');
    writeFileSync(join(folder, '208s.hea'), ['208s 2 360 650000 23:14:30 20/11/2026', ...lines.slice(1)].join('\n'));
    await page.getByTestId('back-to-cases').click();
    await page.getByTestId('import-path').fill(join(folder, '208s.hea'));
    await page.getByTestId('import-button').click();
    await openWhenAnalysed(page, '208s');
    expect(await page.getByTestId('recording-start').textContent()).toBe('2026-11-20 23:14:30');
    const axis = page.getByTestId('overview-axis');
    expect(await axis.textContent()).toMatch(/clock time, ticks every 5 min/);
    expect(await axis.getAttribute('data-step-s')).toBe('300');
    expect(await axis.getAttribute('data-first-tick-s')).toBe('30');
    await page.getByTestId('overview').screenshot({ path: join(results, 'e2e-strip-208-overview-clock.png') });
  });
});
