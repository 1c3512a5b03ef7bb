import { describe, expect, it } from 'vitest';
import { caliperReading } from '../../../../src/renderer/src/lib/caliper';
import { paperAt, stripLayout } from '../../../../src/renderer/src/lib/paper-grid';

describe('caliper reading', () => {
  it('reads 25 mm at 25 mm/s as 1000 ms and 60 bpm, and 10 mm up at 10 mm/mV as +1 mV', () => {
    const layout = stripLayout(10, 1, 1);
    const mm = layout.pxPerMm;
    const reading = caliperReading({ x: 100, y: 200 }, { x: 100 + 25 * mm, y: 200 - 10 * mm }, layout);
    expect(reading.dtMs).toBeCloseTo(1000, 9);
    expect(reading.hrBpm).toBeCloseTo(60, 9);
    expect(reading.dMv).toBeCloseTo(1, 9);
  });

  it('follows the paper speed, gain and zoom, and reads a leftward drag as a positive Δt', () => {
    const layout = stripLayout(10, 1, 2, paperAt(50, 20));
    const mm = layout.pxPerMm;
    const reading = caliperReading({ x: 400, y: 100 }, { x: 400 - 40 * mm, y: 100 + 10 * mm }, layout);
    expect(reading.dtMs).toBeCloseTo(800, 9);
    expect(reading.hrBpm).toBeCloseTo(75, 9);
    expect(reading.dMv).toBeCloseTo(-0.5, 9);
  });

  it('gives no heart rate for a zero interval', () => {
    const layout = stripLayout(10, 1, 1);
    expect(caliperReading({ x: 5, y: 5 }, { x: 5, y: 50 }, layout).hrBpm).toBeNull();
  });
});
