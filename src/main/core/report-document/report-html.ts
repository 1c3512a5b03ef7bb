import { provenanceLines } from '../exports/export-provenance';
import { paperStrip, type PaperPoint } from './paper-strip';
import { PRELIMINARY_MARK, type ReportDocument } from './report-document';
import type { ReportStrip } from './report-strips';
import type { ReportTable } from './report-sections';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const points = (line: readonly PaperPoint[]): string => line.map(([x, y]) => `${x},${y}`).join(' ');

function tableHtml(t: ReportTable): string {
  const head = t.columns.some((c) => c !== '') ? `<thead><tr>${t.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>` : '';
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escape(c)}</th>` : `<td>${escape(c)}</td>`)).join('')}</tr>`)
    .join('');
  const note = t.note === null ? '' : `<p class="note">${escape(t.note)}</p>`;
  return `<section class="table"><h2>${escape(t.title)}</h2><table>${head}<tbody>${body}</tbody></table>${note}</section>`;
}

function stripSvg(strip: ReportStrip): string {
  const g = paperStrip(strip.mv, strip.fsHz, strip.startSample, strip.beats);
  const vLines = (xs: readonly number[]): string => xs.map((x) => `M${x} 0V${g.heightMm}`).join('');
  const hLines = (ys: readonly number[]): string => ys.map((y) => `M0 ${y}H${g.widthMm}`).join('');
  const marks = g.beatMarks.map((m) => `<text x="${m.xMm}" y="2.6" text-anchor="middle">${escape(m.label)}</text>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.widthMm}mm" height="${g.heightMm}mm" viewBox="0 0 ${g.widthMm} ${g.heightMm}">` +
    `<path d="${vLines(g.minorX)}${hLines(g.minorY)}" class="minor"/>` +
    `<path d="${vLines(g.majorX)}${hLines(g.majorY)}" class="major"/>` +
    `<polyline points="${points(g.calibration)}" class="trace"/>` +
    g.trace.map((line) => `<polyline points="${points(line)}" class="trace"/>`).join('') +
    `<g class="marks">${marks}</g></svg>`
  );
}

const STYLE = `
body{font:10pt/1.35 system-ui,sans-serif;color:#111;margin:0 auto;max-width:190mm;padding:8mm}
h1{font-size:15pt;margin:0 0 2mm}h2{font-size:11pt;margin:5mm 0 1mm}
.preliminary{color:#b00;font-weight:700;letter-spacing:.1em;border:2px solid #b00;padding:1mm 3mm;display:inline-block}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.6mm 2mm;border-bottom:1px solid #ddd;font-weight:400}
thead th{font-weight:600}tbody th{color:#444}.note{color:#555;font-size:8.5pt;margin:1mm 0}
figure{margin:3mm 0;break-inside:avoid}figcaption{font-size:9pt}
svg .minor{stroke:#f4c2c2;stroke-width:.1;fill:none}svg .major{stroke:#e08080;stroke-width:.25;fill:none}
svg .trace{stroke:#000;stroke-width:.3;fill:none;stroke-linejoin:round}svg .marks{font-size:2.2px;fill:#036}
footer{margin-top:6mm;font-size:8pt;color:#555;white-space:pre-wrap}`;

/**
 * Renders a report document as one self-contained HTML page (inline CSS and SVG strips, no script, no external
 * resource): the title, PRELIMINARY at the top and bottom of an unsigned report, every table, the strips the reviewer
 * added, then the representative strips, on ECG paper
 * (25 mm/s, 10 mm/mV, 1/5 mm grid, 1 mV calibration pulse; true size when printed), and the provenance lines.
 * Pure: the same document gives the same text.
 * @param doc - the report document (`reportDocument`).
 * @returns the HTML text (UTF-8).
 */
export function reportHtml(doc: ReportDocument): string {
  const mark = doc.preliminary ? `<p class="preliminary" data-mark="preliminary">${PRELIMINARY_MARK}: not signed by a physician</p>` : '';
  const figures = (strips: readonly ReportStrip[]): string =>
    strips
      .map(
        (s) => `<figure><figcaption>${escape(s.title)} (lead ${escape(s.leadName)}; 25 mm/s, 10 mm/mV)</figcaption>${stripSvg(s)}</figure>`,
      )
      .join('');
  const added =
    doc.addedStrips.length === 0
      ? ''
      : `<section class="strips added"><h2>Strips added by the reviewer</h2>${figures(doc.addedStrips)}</section>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.title)}</title>` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<style>${STYLE}</style></head><body><header><h1>${escape(doc.title)}</h1>${mark}</header>` +
    doc.tables.map(tableHtml).join('') +
    added +
    `<section class="strips"><h2>Strips</h2>${figures(doc.strips) || '<p>No findings to illustrate.</p>'}</section>` +
    `<footer>${mark}${escape(provenanceLines(doc.provenance).join('\n'))}</footer></body></html>`
  );
}
