import { geoBounds, geoNaturalEarth1, GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { alpha2OfNumeric } from '../countries';

export type CountryShape = Feature<Geometry, { name: string }> & { code: string | undefined };

/**
 * A box of longitudes and latitudes; `east` may exceed 180 when the box crosses the
 * antimeridian (Russia's Chukotka), so that west <= east always holds.
 */
export interface GeoBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export const WORLD: GeoBox = { west: -180, south: -60, east: 180, north: 85 };
/** The Korean peninsula and Russia's Far East, where most of the incidents happen. */
export const KOREA_AND_FAR_EAST: GeoBox = { west: 118, south: 32, east: 150, north: 56 };

let shapes: Promise<CountryShape[]> | null = null;

/**
 * The world's countries from world-atlas (110m), bundled into a chunk of its own and loaded from
 * the app's origin on first use: never a tile server or a CDN.
 */
export function loadCountryShapes(): Promise<CountryShape[]> {
  shapes ??= import('world-atlas/countries-110m.json').then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<
      Geometry,
      { name: string }
    >;
    return collection.features.map((shape) => ({
      ...shape,
      code: shape.id === undefined ? undefined : alpha2OfNumeric(shape.id),
    }));
  });
  return shapes;
}

/** The box around a shape, its east pushed past 180 when it crosses the antimeridian. */
export function boxOf(shape: Feature): GeoBox {
  const [[west, south], [east, north]] = geoBounds(shape);
  return { west, south, east: east < west ? east + 360 : east, north };
}

export function pointBox(longitude: number, latitude: number): GeoBox {
  return { west: longitude, south: latitude, east: longitude, north: latitude };
}

/** The smallest box holding all of them, with a margin and a minimum size; WORLD if none. */
export function unionBox(boxes: GeoBox[]): GeoBox {
  if (boxes.length === 0) return WORLD;
  let west = Math.min(...boxes.map((box) => box.west));
  let east = Math.max(...boxes.map((box) => box.east));
  let south = Math.min(...boxes.map((box) => box.south));
  let north = Math.max(...boxes.map((box) => box.north));
  const minWidth = 14;
  const minHeight = 10;
  if (east - west < minWidth) {
    const middle = (east + west) / 2;
    [west, east] = [middle - minWidth / 2, middle + minWidth / 2];
  }
  if (north - south < minHeight) {
    const middle = (north + south) / 2;
    [south, north] = [middle - minHeight / 2, middle + minHeight / 2];
  }
  const marginX = (east - west) * 0.08;
  const marginY = (north - south) * 0.08;
  return {
    west: west - marginX,
    east: Math.min(east + marginX, west + 360),
    south: Math.max(south - marginY, -89),
    north: Math.min(north + marginY, 89),
  };
}

/**
 * A projection that fits the box into width × height, centred on the box's middle longitude so
 * a box across the antimeridian stays whole.
 */
export function projectionFor(box: GeoBox, width: number, height: number): GeoProjection {
  const middle = (box.west + box.east) / 2;
  const outline: [number, number][] = [];
  const steps = 16;
  for (let step = 0; step <= steps; step += 1) {
    const longitude = box.west + ((box.east - box.west) * step) / steps;
    const latitude = box.south + ((box.north - box.south) * step) / steps;
    outline.push([longitude, box.south], [longitude, box.north]);
    outline.push([box.west, latitude], [box.east, latitude]);
  }
  return geoNaturalEarth1()
    .rotate([-middle, 0])
    .fitExtent(
      [
        [2, 2],
        [width - 2, height - 2],
      ],
      { type: 'MultiPoint', coordinates: outline },
    );
}
