import type { CalibrationError } from './calibration-error';

/** One panel of {@link reliabilityDiagramSvg}. */
export interface ReliabilityPanel {
  /** panel title, e.g. 'before calibration' */
  readonly title: string;
  /** its bins and ECE (expectedCalibrationError) */
  readonly calibration: CalibrationError;
}

const PANEL = Object.freeze({ width: 360, height: 360, margin: 48, gap: 24 });

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Writes a reliability diagram (Guo et al. 2017, arXiv:1706.04599, figure 1) as a standalone SVG:
 * one panel per calibration side by side; in each, a bar per non-empty bin at its accuracy, the gap
 * to the bin's mean confidence shaded, the diagonal of perfect calibration, the bin counts under the
 * axis and the ECE in the corner.
 * @param title - figure title
 * @param panels - one or more panels
 * @returns the SVG document as text
 */
export function reliabilityDiagramSvg(title: string, panels: readonly ReliabilityPanel[]): string {
  const { width, height, margin, gap } = PANEL;
  const plot = width - 2 * margin;
  const totalWidth = panels.length * width + (panels.length - 1) * gap;
  const totalHeight = height + 30;
  const f = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}" font-family="sans-serif" font-size="11">`,
    `<rect width="${totalWidth}" height="${totalHeight}" fill="white"/>`,
    `<text x="${totalWidth / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
  ];
  panels.forEach((panel, p) => {
    const x0 = p * (width + gap) + margin;
    const y0 = 30 + margin - 10;
    const xAt = (v: number): number => x0 + v * plot;
    const yAt = (v: number): number => y0 + (1 - v) * plot;
    parts.push(`<g>`, `<text x="${f(x0 + plot / 2)}" y="${f(y0 - 8)}" text-anchor="middle">${escapeXml(panel.title)}</text>`);
    parts.push(`<rect x="${f(x0)}" y="${f(y0)}" width="${f(plot)}" height="${f(plot)}" fill="none" stroke="#444"/>`);
    for (const bin of panel.calibration.bins) {
      if (bin.count === 0) continue;
      const left = xAt(bin.lower);
      const barWidth = xAt(bin.upper) - left;
      parts.push(
        `<rect x="${f(left)}" y="${f(yAt(bin.accuracy))}" width="${f(barWidth)}" height="${f(yAt(0) - yAt(bin.accuracy))}" fill="#3b6fb6" stroke="#1d3f73"/>`,
      );
      const top = Math.max(bin.accuracy, bin.meanConfidence);
      const bottom = Math.min(bin.accuracy, bin.meanConfidence);
      parts.push(
        `<rect x="${f(left)}" y="${f(yAt(top))}" width="${f(barWidth)}" height="${f(yAt(bottom) - yAt(top))}" fill="#e06666" fill-opacity="0.45" stroke="#b33"/>`,
        `<text x="${f(left + barWidth / 2)}" y="${f(yAt(0) + 24)}" text-anchor="middle" font-size="8">${bin.count}</text>`,
      );
    }
    parts.push(`<line x1="${f(xAt(0))}" y1="${f(yAt(0))}" x2="${f(xAt(1))}" y2="${f(yAt(1))}" stroke="#888" stroke-dasharray="4 3"/>`);
    for (let t = 0; t <= 5; t++) {
      const v = t / 5;
      parts.push(
        `<text x="${f(xAt(v))}" y="${f(yAt(0) + 12)}" text-anchor="middle">${v.toFixed(1)}</text>`,
        `<text x="${f(x0 - 6)}" y="${f(yAt(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
      );
    }
    parts.push(
      `<text x="${f(x0 + plot / 2)}" y="${f(yAt(0) + 38)}" text-anchor="middle">confidence (top-label probability); numbers: records per bin</text>`,
      `<text transform="translate(${f(x0 - 32)} ${f(y0 + plot / 2)}) rotate(-90)" text-anchor="middle">accuracy</text>`,
      `<text x="${f(x0 + 8)}" y="${f(y0 + 18)}">ECE ${(100 * panel.calibration.ece).toFixed(2)} % (${panel.calibration.bins.length} bins)</text>`,
      `</g>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
