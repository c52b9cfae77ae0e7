import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };
import countries50m from 'world-atlas/countries-50m.json' with { type: 'json' };
import { alpha2ByNumeric, WESTERN_SAHARA } from './iso-numeric.ts';

export const MAP_WIDTH = 480;
export const MAP_HEIGHT = 520;

export interface MapShape {
  /** ISO alpha-2 code, or `null` for Western Sahara, which has no page. */
  iso2: string | null;
  /** SVG path data, rounded to one decimal to keep the page light. */
  d: string;
  /** For island states too small to see or tap: where to draw a marker. */
  marker?: { x: number; y: number };
}

type CountryFeature = Feature<Geometry, { name: string }>;

function countriesOf(topology: unknown): CountryFeature[] {
  const topo = topology as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  return (feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
}

/** The numeric code of a Natural Earth feature; Somaliland carries none and is drawn as part of Somalia. */
function numericCode(shape: CountryFeature): string | undefined {
  return shape.properties.name === 'Somaliland' ? '706' : (shape.id as string | undefined);
}

let cached: MapShape[] | undefined;

/**
 * Africa as SVG paths, computed at build time from Natural Earth (world-atlas): the
 * 1:110m outlines for the mainland and 1:50m for the island states the coarse set
 * leaves out. Equal-area projection, so no country looks larger than it is.
 */
export function africaMapShapes(): MapShape[] {
  if (cached) return cached;
  const isAfrican = (code: string | undefined) => code !== undefined && (code in alpha2ByNumeric || code === WESTERN_SAHARA);
  const mainland = countriesOf(countries110m).filter((f) => isAfrican(numericCode(f)));
  const present = new Set(mainland.map(numericCode));
  const islands = countriesOf(countries50m).filter((f) => isAfrican(numericCode(f)) && !present.has(numericCode(f)));
  const all = [...mainland, ...islands];
  const projection = geoAzimuthalEqualArea().rotate([-17, -2]).fitExtent([[8, 8], [MAP_WIDTH - 8, MAP_HEIGHT - 8]], { type: 'FeatureCollection', features: mainland });
  const path = geoPath(projection).digits(1);
  cached = all.map((shape) => {
    const code = numericCode(shape)!;
    const isIsland = islands.includes(shape);
    const [x, y] = path.centroid(shape);
    return {
      iso2: alpha2ByNumeric[code] ?? null,
      d: path(shape) ?? '',
      ...(isIsland ? { marker: { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 } } : {}),
    };
  });
  return cached;
}
