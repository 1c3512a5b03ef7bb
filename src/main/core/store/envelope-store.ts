import type Database from 'better-sqlite3';
import { ENVELOPE_CONFIG, pyramidLevels, type EnvelopeLayout, type EnvelopeSource } from '../analysis/envelope-pyramid';
import type { SignalEnvelope } from '../analysis/signal-envelope';

/** One level's layout as stored. */
interface LevelRow {
  level: number;
  binSamples: number;
  bins: number;
  tileBins: number;
}

/**
 * The `signal_envelopes` table: each analysis's min/max pyramid (envelope-pyramid.ts) in tiles, so
 * that `record:window` over hours or days reads a few tiles instead of the signal.
 */
export class EnvelopeStore {
  /**
   * @param db - the review database (migrated)
   * @param layout - pyramid layout of new pyramids (tests use small tiles); stored pyramids are read with their own
   */
  constructor(
    private readonly db: Database.Database,
    private readonly layout: EnvelopeLayout = ENVELOPE_CONFIG,
  ) {}

  /**
   * Writes the pyramid of an analysis from its level-0 envelope (call inside the analysis's write transaction).
   * @param analysisId - the analysis
   * @param base - level 0, from frame 0 in bins of layout.baseBinSamples
   * @throws RangeError when base does not fit the layout (see pyramidLevels)
   */
  insert(analysisId: number, base: SignalEnvelope): void {
    const insert = this.db.prepare(
      `INSERT INTO signal_envelopes (analysis_id, signal, level, tile, bin_samples, level_bins, tile_bins, min_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tileBins = this.layout.tileBins;
    for (const level of pyramidLevels(base, this.layout)) {
      base.signals.forEach((signal, s) => {
        const min = level.min[s] as Float32Array;
        const max = level.max[s] as Float32Array;
        for (let tile = 0; tile * tileBins < min.length; tile++) {
          const from = tile * tileBins;
          const to = Math.min(min.length, from + tileBins);
          const values = new Float32Array(2 * (to - from));
          values.set(min.subarray(from, to), 0);
          values.set(max.subarray(from, to), to - from);
          insert.run(analysisId, signal, level.level, tile, level.binSamples, min.length, tileBins, Buffer.from(values.buffer));
        }
      });
    }
  }

  /**
   * The stored pyramid of an analysis, read tile by tile on demand.
   * @param analysisId - the analysis
   * @returns its source, or null when it has none (an analysis stored before pyramids, or of a record with no stored signal)
   * @throws Error when a stored tile does not have the length its layout implies
   */
  source(analysisId: number): EnvelopeSource | null {
    const levels = this.db
      .prepare(
        `SELECT DISTINCT level, bin_samples AS binSamples, level_bins AS bins, tile_bins AS tileBins
         FROM signal_envelopes WHERE analysis_id = ? ORDER BY level`,
      )
      .all(analysisId) as LevelRow[];
    if (levels.length === 0) return null;
    const tiles = this.db.prepare(
      'SELECT tile, min_max FROM signal_envelopes WHERE analysis_id = ? AND signal = ? AND level = ? AND tile BETWEEN ? AND ? ORDER BY tile',
    );
    return {
      levels: levels.map(({ level, binSamples, bins }) => ({ level, binSamples, bins })),
      read: (level, signal, fromBin, toBin) => {
        const layout = levels.find((l) => l.level === level);
        const count = Math.max(0, toBin - fromBin);
        const min = new Float32Array(count).fill(Number.NaN);
        const max = new Float32Array(count).fill(Number.NaN);
        if (!layout || count === 0) return { min, max };
        const rows = tiles.all(
          analysisId,
          signal,
          level,
          Math.floor(fromBin / layout.tileBins),
          Math.floor((toBin - 1) / layout.tileBins),
        ) as {
          tile: number;
          min_max: Uint8Array;
        }[];
        for (const row of rows) {
          const first = row.tile * layout.tileBins;
          const n = Math.min(layout.tileBins, layout.bins - first);
          if (row.min_max.byteLength !== 8 * n)
            throw new Error(
              `signal_envelopes: tile ${row.tile} of level ${level} holds ${row.min_max.byteLength} bytes, expected ${8 * n}`,
            );
          const values = new Float32Array(
            row.min_max.buffer.slice(row.min_max.byteOffset, row.min_max.byteOffset + row.min_max.byteLength),
          );
          for (let i = Math.max(first, fromBin); i < Math.min(first + n, toBin); i++) {
            min[i - fromBin] = values[i - first] as number;
            max[i - fromBin] = values[n + i - first] as number;
          }
        }
        return { min, max };
      },
    };
  }
}
