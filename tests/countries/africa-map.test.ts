// The map's geometry as the countries index draws it: every country present and light,
// in whole pixels, and every island marker inside the view box where it can be tapped.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { africaMapShapes, MAP_HEIGHT, MAP_WIDTH, markerAt, WholePixelPath } from '../../src/countries/africa-map.ts';
import { alpha2ByNumeric } from '../../src/countries/iso-numeric.ts';

describe('WholePixelPath', () => {
  it('writes rings as a whole-pixel start and relative steps, dropping empty steps', () => {
    const path = new WholePixelPath();
    path.moveTo(10.4, 20.6);
    path.lineTo(15.2, 20.9);
    path.lineTo(15.4, 21.2); // rounds to the same pixel: dropped
    path.lineTo(12, 30);
    path.closePath();
    expect(path.take()).toBe('M10 21l5 0l-3 9z');
  });

  it('drops a ring that rounding shrank below a triangle, and starts afresh after take()', () => {
    const path = new WholePixelPath();
    path.moveTo(1.1, 1.1);
    path.lineTo(1.3, 1.4);
    path.lineTo(1.6, 1.2);
    path.closePath();
    expect(path.take()).toBe('');
    path.moveTo(0, 0);
    path.lineTo(0, 5);
    path.lineTo(5, 5);
    expect(path.take()).toBe('M0 0l0 5l5 0');
  });
});

describe('africaMapShapes', () => {
  const shapes = africaMapShapes();

  it('draws all 54 countries, each either with an outline or a marker', () => {
    const drawn = new Set(shapes.filter((s) => s.iso2 && (s.d || s.marker)).map((s) => s.iso2));
    expect([...drawn].sort()).toEqual(Object.values(alpha2ByNumeric).sort());
  });

  it('uses whole pixels only, and stays light enough for the first TCP window', () => {
    for (const shape of shapes) expect(shape.d).not.toMatch(/\d\.\d/);
    const paths = shapes.map((s) => `<path d="${s.d}"/>`).join('');
    // The countries index must fit in 14 KB with everything else on it; the outlines get 4.
    expect(gzipSync(paths, { level: 9 }).length).toBeLessThan(4_000);
  });

  it('puts every island marker inside the view box, at the edge for islands beyond it', () => {
    for (const { marker } of shapes) {
      if (!marker) continue;
      expect(marker.x).toBeGreaterThanOrEqual(7);
      expect(marker.x).toBeLessThanOrEqual(MAP_WIDTH - 7);
      expect(marker.y).toBeGreaterThanOrEqual(7);
      expect(marker.y).toBeLessThanOrEqual(MAP_HEIGHT - 7);
    }
    expect(markerAt([-31, 148])).toEqual({ x: 9, y: 148 });
    expect(markerAt([505.6, 302.2])).toEqual({ x: MAP_WIDTH - 9, y: 302 });
  });
});
