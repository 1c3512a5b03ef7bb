import PDFDocument from 'pdfkit';
import { provenanceLines } from '../exports/export-provenance';
import { paperStrip, type PaperPoint } from './paper-strip';
import { PRELIMINARY_MARK, type ReportDocument } from './report-document';
import type { ReportStrip } from './report-strips';
import type { ReportTable } from './report-sections';

/** PDF points per mm (72 pt per inch). */
const PT_PER_MM = 72 / 25.4;
const mm = (v: number): number => v * PT_PER_MM;

/** Page layout of the PDF report (A4 portrait), in mm. */
const PAGE = Object.freeze({ widthMm: 210, heightMm: 297, marginMm: 14, headerMm: 14, footerMm: 12 });

const BODY_TOP = mm(PAGE.marginMm + PAGE.headerMm);
const BODY_BOTTOM = mm(PAGE.heightMm - PAGE.marginMm - PAGE.footerMm);
const LEFT = mm(PAGE.marginMm);
const WIDTH = mm(PAGE.widthMm - 2 * PAGE.marginMm);

type Pdf = InstanceType<typeof PDFDocument>;

/** Moves to a new page unless `heightPt` still fits below the current position. */
function ensureRoom(pdf: Pdf, heightPt: number): void {
  if (pdf.y + heightPt > BODY_BOTTOM) {
    pdf.addPage();
    pdf.y = BODY_TOP;
  }
}

function drawTable(pdf: Pdf, t: ReportTable): void {
  const widths =
    t.columns.length === 2
      ? [WIDTH * 0.42, WIDTH * 0.58]
      : t.columns.map((_, i) => (i === 0 ? WIDTH * 0.3 : (WIDTH * 0.7) / (t.columns.length - 1)));
  const rowHeight = (cells: readonly string[]): number =>
    Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: (widths[i] as number) - 4 }))) + 3;
  const drawRow = (cells: readonly string[], bold: boolean): void => {
    const h = rowHeight(cells);
    ensureRoom(pdf, h);
    const y = pdf.y;
    let x = LEFT;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((c, i) => {
      pdf.text(c, x + 2, y + 1.5, { width: (widths[i] as number) - 4, lineBreak: true });
      x += widths[i] as number;
    });
    pdf
      .moveTo(LEFT, y + h)
      .lineTo(LEFT + WIDTH, y + h)
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
    pdf.y = y + h;
  };
  pdf.fontSize(8.5);
  ensureRoom(pdf, 40);
  pdf
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000000')
    .text(t.title, LEFT, pdf.y + 6, { width: WIDTH });
  pdf.fontSize(8.5);
  if (t.columns.some((c) => c !== '')) drawRow(t.columns, true);
  for (const row of t.rows) drawRow(row, false);
  if (t.note !== null) {
    pdf.font('Helvetica').fontSize(7.5).fillColor('#444444');
    ensureRoom(pdf, pdf.heightOfString(t.note, { width: WIDTH }) + 4);
    pdf.text(t.note, LEFT, pdf.y + 2, { width: WIDTH });
    pdf.fillColor('#000000');
  }
}

function drawStrip(pdf: Pdf, strip: ReportStrip): void {
  const g = paperStrip(strip.mv, strip.fsHz, strip.startSample, strip.beats);
  ensureRoom(pdf, mm(g.heightMm) + 20);
  pdf.font('Helvetica').fontSize(8.5).fillColor('#000000');
  pdf.text(`${strip.title} (lead ${strip.leadName}; 25 mm/s, 10 mm/mV)`, LEFT, pdf.y + 4, { width: WIDTH });
  const x0 = LEFT;
  const y0 = pdf.y + 2;
  const line = (pts: readonly PaperPoint[]): void => {
    pts.forEach(([x, y], i) => (i === 0 ? pdf.moveTo(x0 + mm(x), y0 + mm(y)) : pdf.lineTo(x0 + mm(x), y0 + mm(y))));
  };
  const grid = (xs: readonly number[], ys: readonly number[], color: string, width: number): void => {
    for (const x of xs) pdf.moveTo(x0 + mm(x), y0).lineTo(x0 + mm(x), y0 + mm(g.heightMm));
    for (const y of ys) pdf.moveTo(x0, y0 + mm(y)).lineTo(x0 + mm(g.widthMm), y0 + mm(y));
    pdf.lineWidth(width).strokeColor(color).stroke();
  };
  grid(g.minorX, g.minorY, '#f4c2c2', 0.25);
  grid(g.majorX, g.majorY, '#e08080', 0.6);
  line(g.calibration);
  for (const t of g.trace) line(t);
  pdf.lineWidth(0.7).lineJoin('round').strokeColor('#000000').stroke();
  pdf.fontSize(6).fillColor('#003366');
  for (const m of g.beatMarks) pdf.text(m.label, x0 + mm(m.xMm) - 3, y0 + 1, { width: 6, align: 'center', lineBreak: false });
  pdf.fillColor('#000000');
  pdf.y = y0 + mm(g.heightMm) + 2;
}

/** Writes the header (title, PRELIMINARY) and footer (provenance, page k of n) on every buffered page. */
function drawPageFrames(pdf: Pdf, doc: ReportDocument): void {
  const range = pdf.bufferedPageRange();
  const footer = provenanceLines(doc.provenance)
    .filter((l) => l.startsWith('review status') || l.startsWith('signed') || l.startsWith('exported'))
    .join('  |  ');
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const margins = pdf.page.margins;
    pdf.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    pdf
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#000000')
      .text(doc.title, LEFT, mm(PAGE.marginMm), { width: WIDTH * 0.6, lineBreak: false });
    if (doc.preliminary) {
      pdf.fillColor('#bb0000').text(`${PRELIMINARY_MARK} - not signed`, LEFT + WIDTH * 0.6, mm(PAGE.marginMm), {
        width: WIDTH * 0.4,
        align: 'right',
        lineBreak: false,
      });
    }
    const footY = mm(PAGE.heightMm - PAGE.marginMm - PAGE.footerMm + 3);
    pdf
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#444444')
      .text(footer, LEFT, footY, { width: WIDTH - 60, lineBreak: false });
    pdf.text(`page ${i - range.start + 1} of ${range.count}`, LEFT + WIDTH - 60, footY, { width: 60, align: 'right', lineBreak: false });
    pdf.page.margins = margins;
  }
  pdf.fillColor('#000000');
}

/**
 * Renders a report document as an A4 PDF (pdfkit, standard Helvetica fonts): every table, the strips the reviewer added
 * (on their own pages), then the representative strips, on ECG paper at
 * true size (25 mm/s, 10 mm/mV, 1/5 mm grid, 1 mV calibration pulse), the full provenance, and on every page a header
 * with the title and, for an unsigned report, PRELIMINARY, and a footer with the review status, sign-off and page
 * number. Runs without Electron (CLI and server).
 * @param doc - the report document (`reportDocument`).
 * @returns the PDF file's bytes.
 */
export function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: { top: BODY_TOP, bottom: mm(PAGE.marginMm), left: LEFT, right: LEFT },
    info: {
      Title: doc.title,
      Subject: provenanceLines(doc.provenance).join('; '),
      Creator: `holter-workstation ${doc.provenance.appVersion}`,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.y = BODY_TOP;
  for (const t of doc.tables) drawTable(pdf, t);
  if (doc.addedStrips.length > 0) {
    pdf.addPage();
    pdf.y = BODY_TOP;
    pdf.font('Helvetica-Bold').fontSize(11).text('Strips added by the reviewer', LEFT, pdf.y, { width: WIDTH });
    for (const s of doc.addedStrips) drawStrip(pdf, s);
  }
  pdf.addPage();
  pdf.y = BODY_TOP;
  pdf.font('Helvetica-Bold').fontSize(11).text('Strips', LEFT, pdf.y, { width: WIDTH });
  if (doc.strips.length === 0)
    pdf
      .font('Helvetica')
      .fontSize(9)
      .text('No findings to illustrate.', LEFT, pdf.y + 4);
  for (const s of doc.strips) drawStrip(pdf, s);
  ensureRoom(pdf, 120);
  pdf
    .font('Helvetica-Bold')
    .fontSize(11)
    .text('Provenance', LEFT, pdf.y + 8, { width: WIDTH });
  pdf
    .font('Helvetica')
    .fontSize(8)
    .text(provenanceLines(doc.provenance).join('\n'), LEFT, pdf.y + 2, { width: WIDTH });
  drawPageFrames(pdf, doc);
  pdf.end();
  return done;
}
