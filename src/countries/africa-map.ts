// Africa as SVG paths, computed at build time, light enough for the countries index to
// fit in the first TCP window (14 KB with everything else on the page): shared borders
// simplified once (topology-preserving, so neighbours never gap or overlap), projected,
// and written as whole-pixel relative moves, which gzip far better than absolute decimals.
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };
import countries50m from 'world-atlas/countries-50m.json' with { type: 'json' };
import { alpha2ByNumeric, WESTERN_SAHARA } from './iso-numeric.ts';

export const MAP_WIDTH = 480;
export const MAP_HEIGHT = 520;

/**
 * Smallest triangle, in square degrees, that a border point must span to be kept
 * (Visvalingam's weight). At 0.06 the outlines lose a third of their points and
 * nothing a reader can see at the map's size (the largest screen draws it 480 px wide).
 */
export const SIMPLIFY_MIN_WEIGHT = 0.06;

export interface MapShape {
  /** ISO alpha-2 code, or `null` for Western Sahara, which has no page. */
  iso2: string | null;
  /** SVG path data in whole pixels of the 480 × 520 view box, relative moves after each ring's start. */
  d: string;
  /** For island states too small to see or tap: where to draw a marker. */
  marker?: { x: number; y: number };
}

type CountryFeature = Feature<Geometry, { name: string }>;
type CountryTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

function countriesOf(topology: unknown, minWeight: number): CountryFeature[] {
  const simplified = (minWeight > 0 ? simplify(presimplify(topology as CountryTopology), minWeight) : topology) as CountryTopology;
  return (feature(simplified, simplified.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
}

/** The numeric code of a Natural Earth feature; Somaliland carries none and is drawn as part of Somalia. */
function numericCode(shape: CountryFeature): string | undefined {
  return shape.properties.name === 'Somaliland' ? '706' : (shape.id as string | undefined);
}

/**
 * A d3 path context that writes each ring as `M x y` then `l dx dy` steps in whole
 * pixels, dropping steps that rounding made empty and rings that rounding made smaller
 * than a triangle (an islet a pixel wide: the island states have markers instead).
 */
export class WholePixelPath {
  #d = '';
  #ring: string[] = [];
  #x = 0;
  #y = 0;

  moveTo(x: number, y: number): void {
    this.#flush();
    this.#x = Math.round(x);
    this.#y = Math.round(y);
    this.#ring = [`M${this.#x} ${this.#y}`];
  }

  lineTo(x: number, y: number): void {
    const dx = Math.round(x) - this.#x;
    const dy = Math.round(y) - this.#y;
    if (dx === 0 && dy === 0) return;
    this.#x += dx;
    this.#y += dy;
    this.#ring.push(`l${dx}${dy < 0 ? '' : ' '}${dy}`);
  }

  closePath(): void {
    this.#ring.push('z');
  }

  /** d3 calls it before each shape; rings start with moveTo, which is all this needs. */
  beginPath(): void {}

  /** d3 draws points as circles; the map has no point geometries. */
  arc(): void {}

  /** The path data written so far, and a fresh start for the next shape. */
  take(): string {
    this.#flush();
    const d = this.#d;
    this.#d = '';
    return d;
  }

  #flush(): void {
    // A ring needs its start and at least two steps to enclose anything.
    if (this.#ring.filter((part) => part.startsWith('l')).length >= 2) this.#d += this.#ring.join('');
    this.#ring = [];
  }
}

/** Room a marker needs from the edge of the view box: its radius and its outline. */
const MARKER_MARGIN = 9;

/**
 * Where an island state's marker goes: on the island, or, for those the view box leaves
 * out (Cabo Verde lies west of it, Mauritius and Seychelles east), at the nearest edge,
 * as an atlas insets them, so that every marker can be seen and tapped.
 */
export function markerAt([x, y]: [number, number]): { x: number; y: number } {
  const clamp = (value: number, size: number) => Math.round(Math.min(size - MARKER_MARGIN, Math.max(MARKER_MARGIN, value)));
  return { x: clamp(x, MAP_WIDTH), y: clamp(y, MAP_HEIGHT) };
}

let cached: MapShape[] | undefined;

/**
 * Africa from Natural Earth (world-atlas): the 1:110m outlines for the mainland and
 * 1:50m for the island states the coarse set leaves out (not simplified: they are a few
 * pixels wide, and whole-pixel rounding already thins them). Equal-area projection, so no
 * country looks larger than it is.
 */
export function africaMapShapes(): MapShape[] {
  if (cached) return cached;
  const isAfrican = (code: string | undefined) => code !== undefined && (code in alpha2ByNumeric || code === WESTERN_SAHARA);
  const mainland = countriesOf(countries110m, SIMPLIFY_MIN_WEIGHT).filter((f) => isAfrican(numericCode(f)));
  const present = new Set(mainland.map(numericCode));
  const islands = countriesOf(countries50m, 0).filter((f) => isAfrican(numericCode(f)) && !present.has(numericCode(f)));
  const projection = geoAzimuthalEqualArea().rotate([-17, -2]).fitExtent([[8, 8], [MAP_WIDTH - 8, MAP_HEIGHT - 8]], { type: 'FeatureCollection', features: mainland });
  const writer = new WholePixelPath();
  const draw = geoPath(projection, writer);
  const measure = geoPath(projection);
  cached = [...mainland, ...islands].map((shape) => {
    draw(shape);
    const d = writer.take();
    if (!islands.includes(shape)) return { iso2: alpha2ByNumeric[numericCode(shape)!] ?? null, d };
    return { iso2: alpha2ByNumeric[numericCode(shape)!]!, d, marker: markerAt(measure.centroid(shape)) };
  });
  return cached;
}
