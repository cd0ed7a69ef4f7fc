import { Box, Group, List, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { geoPath, GeoProjection } from 'd3-geo';
import { MouseEvent, ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countryName } from '../format';
import {
  boxOf,
  CountryShape,
  GeoBox,
  loadCountryShapes,
  pointBox,
  projectionFor,
  unionBox,
  WORLD,
} from './geo';

export type LocationRole = 'origin' | 'transit' | 'destination' | 'occurrence';

export interface MapPoint {
  latitude: number;
  longitude: number;
  role: LocationRole;
  /** The place in words ("Musan, North Hamgyong, North Korea"), for the legend and the text. */
  label: string;
}

export interface MapCountry {
  code: string;
  /** How many incidents: shades the country and is said in the text alternative. */
  count?: number;
}

export interface WorldMapProps {
  /** The map's name for screen readers (and the figure's caption when `caption`). */
  title: string;
  countries?: MapCountry[];
  points?: MapPoint[];
  /** `highlighted`: zoom to the marked countries and points; or a box; default the world. */
  zoom?: 'world' | 'highlighted' | GeoBox;
  /** Makes each marked country a control (on the map and in the text alternative). */
  onCountryClick?: (code: string) => void;
  /** A click anywhere on the land or sea, as longitude and latitude (the point picker). */
  onPick?: (longitude: number, latitude: number) => void;
  width?: number;
  height?: number;
  /** Shows the text alternative on screen; otherwise only screen readers get it. */
  showDescription?: boolean;
}

/** Degrees of longitude: a marked country wider than this does not set the zoom around points. */
const LOCAL_WIDTH = 40;
const WIDTH = 960;
/** In the map's own units: the map scales to its box, 960 units to a detail page's ~440 px. */
const POINT_SIZE = 28;
const HEIGHT = 480;

/** Shape and colour per role, so a point reads without colour too (WCAG 1.4.1). */
export const ROLE_STYLE: Record<LocationRole, { colour: string; shape: string }> = {
  origin: { colour: '#c92a2a', shape: 'circle' },
  transit: { colour: '#b35300', shape: 'diamond' },
  destination: { colour: '#0b7285', shape: 'triangle' },
  occurrence: { colour: '#5f3dc4', shape: 'square' },
};
const ROLES = Object.keys(ROLE_STYLE) as LocationRole[];

// Shades that keep 3:1 against the unmarked land and each other (WCAG 1.4.11).
const LAND = '#e9ecef';
const BORDER = '#868e96';
const SEA = '#f1f6fb';
const MARKED = ['#5c7cfa', '#3b5bdb', '#364fc7'];

export function PointSymbol({ role, size = 14 }: { role: LocationRole; size?: number }) {
  const { colour, shape } = ROLE_STYLE[role];
  const half = size / 2;
  const props = { fill: colour, stroke: '#fff', strokeWidth: Math.max(1.5, size / 10) };
  switch (shape) {
    case 'circle':
      return <circle r={half * 0.8} {...props} />;
    case 'diamond':
      return (
        <rect
          x={-half * 0.65}
          y={-half * 0.65}
          width={half * 1.3}
          height={half * 1.3}
          transform="rotate(45)"
          {...props}
        />
      );
    case 'triangle':
      return <path d={`M0,${-half} L${half},${half * 0.8} L${-half},${half * 0.8} Z`} {...props} />;
    default:
      return (
        <rect x={-half * 0.75} y={-half * 0.75} width={half * 1.5} height={half * 1.5} {...props} />
      );
  }
}

function LegendSymbol({ children }: { children: ReactNode }) {
  return (
    <svg width={16} height={16} viewBox="-8 -8 16 16" aria-hidden focusable="false">
      {children}
    </svg>
  );
}

function useCountryShapes(): CountryShape[] | null {
  const [shapes, setShapes] = useState<CountryShape[] | null>(null);
  useEffect(() => {
    let current = true;
    void loadCountryShapes().then((loaded) => {
      if (current) setShapes(loaded);
    });
    return () => {
      current = false;
    };
  }, []);
  return shapes;
}

const formatDegrees = (value: number, language: string): string =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 4 }).format(value);

/**
 * The world drawn offline from world-atlas: marked countries, points shaped and coloured by
 * their role with a legend, and a text alternative that lists everything drawn.
 */
export function WorldMap({
  title,
  countries = [],
  points = [],
  zoom = 'world',
  onCountryClick,
  onPick,
  width = WIDTH,
  height = HEIGHT,
  showDescription = false,
}: WorldMapProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const shapes = useCountryShapes();
  const titleId = useId();
  const descriptionId = useId();

  const counts = useMemo(
    () => new Map(countries.map((country) => [country.code.toUpperCase(), country.count])),
    [countries],
  );
  const maxCount = Math.max(1, ...countries.map((country) => country.count ?? 1));

  // Callers pass fresh arrays on every render: the projection and the country outlines are
  // computed again only when what sets the zoom changes.
  const zoomKey = JSON.stringify({
    zoom,
    codes: [...counts.keys()].sort(),
    points: points.map((point) => [point.longitude, point.latitude]),
  });
  const projection: GeoProjection | null = useMemo(() => {
    if (!shapes) return null;
    const spec = JSON.parse(zoomKey) as {
      zoom: WorldMapProps['zoom'];
      codes: string[];
      points: [number, number][];
    };
    let box: GeoBox = WORLD;
    if (spec.zoom === 'highlighted') {
      const codes = new Set(spec.codes);
      const marked = shapes.filter((shape) => shape.code && codes.has(shape.code)).map(boxOf);
      // With points, a vast country (Russia) must not hide them in a view of half the world:
      // the points and the countries of their size decide the zoom.
      box = unionBox(
        spec.points.length > 0
          ? [
              ...marked.filter((box) => box.east - box.west <= LOCAL_WIDTH),
              ...spec.points.map(([longitude, latitude]) => pointBox(longitude, latitude)),
            ]
          : marked,
      );
    } else if (typeof spec.zoom === 'object') {
      box = spec.zoom;
    }
    return projectionFor(box, width, height);
  }, [shapes, zoomKey, width, height]);
  const outlines = useMemo(() => {
    if (!projection || !shapes) return [];
    const path = geoPath(projection);
    return shapes.map((shape) => ({ shape, d: path(shape) }));
  }, [projection, shapes]);

  const drawn = new Set(shapes?.map((shape) => shape.code));
  const notDrawn = shapes
    ? countries.filter((country) => !drawn.has(country.code.toUpperCase()))
    : [];
  const shade = (count: number | undefined): string => {
    if (count === undefined || maxCount <= 1) return MARKED[1];
    const step = Math.min(2, Math.floor(((count - 1) / maxCount) * 3));
    return MARKED[step];
  };

  const pick = (event: MouseEvent<SVGSVGElement>): void => {
    if (!onPick || !projection) return;
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const x = ((event.clientX - rect.left) / rect.width) * width;
    const y = ((event.clientY - rect.top) / rect.height) * height;
    const inverted = projection.invert?.([x, y]);
    if (!inverted || Number.isNaN(inverted[0]) || Number.isNaN(inverted[1])) return;
    let [longitude] = inverted;
    const latitude = inverted[1];
    longitude = ((((longitude + 180) % 360) + 360) % 360) - 180;
    onPick(longitude, Math.max(-90, Math.min(90, latitude)));
  };

  const rolesShown = ROLES.filter((role) => points.some((point) => point.role === role));
  const countryLabel = (country: MapCountry): string =>
    country.count === undefined
      ? countryName(country.code, language)
      : t('map.countryCount', {
          country: countryName(country.code, language),
          count: country.count,
        });

  const description = (
    <Box id={descriptionId}>
      {countries.length === 0 ? (
        <Text size="sm">{t('map.noCountries')}</Text>
      ) : onCountryClick ? (
        <List size="sm" listStyleType="none" spacing={2}>
          {countries.map((country) => (
            <List.Item key={country.code}>
              <UnstyledButton
                onClick={() => onCountryClick(country.code)}
                aria-label={`${countryLabel(country)}. ${t('map.filterBy', {
                  country: countryName(country.code, language),
                })}`}
                td="underline"
                c="indigo.8"
                fz="sm"
                // 24 px high at the least, whatever the script's line height (WCAG 2.5.8).
                mih={24}
              >
                {countryLabel(country)}
              </UnstyledButton>
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">
          {t('map.countries', { list: countries.map(countryLabel).join(', ') })}
        </Text>
      )}
      {points.length > 0 && (
        <List size="sm" spacing={2} mt={4}>
          {points.map((point, index) => (
            <List.Item key={index}>
              {t('map.point', {
                role: t(`map.role.${point.role}`),
                place: point.label,
                latitude: formatDegrees(point.latitude, language),
                longitude: formatDegrees(point.longitude, language),
              })}
            </List.Item>
          ))}
        </List>
      )}
      {notDrawn.length > 0 && (
        <Text size="sm" c="gray.8">
          {t('map.notDrawn', {
            list: notDrawn.map((country) => countryName(country.code, language)).join(', '),
          })}
        </Text>
      )}
    </Box>
  );

  return (
    <Box component="figure" m={0} aria-labelledby={titleId} data-testid="world-map">
      <VisuallyHidden id={titleId}>{title}</VisuallyHidden>
      {!projection ? (
        <Box
          style={{ aspectRatio: `${width} / ${height}`, background: SEA }}
          role="status"
          aria-live="polite"
        >
          <Text size="sm" p="sm" c="gray.8">
            {t('map.loading')}
          </Text>
        </Box>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descriptionId}
          onClick={onPick ? pick : undefined}
          style={{ display: 'block', cursor: onPick ? 'crosshair' : undefined, background: SEA }}
        >
          <g>
            {outlines.map(({ shape, d }, index) => {
              const marked = shape.code !== undefined && counts.has(shape.code);
              if (!d) return null;
              return (
                <path
                  key={`${shape.id ?? 'x'}-${index}`}
                  d={d}
                  data-country={shape.code}
                  data-marked={marked ? 'true' : undefined}
                  fill={marked ? shade(counts.get(shape.code!)) : LAND}
                  stroke={marked ? '#1b2559' : BORDER}
                  strokeWidth={marked ? 0.9 : 0.5}
                  style={marked && onCountryClick ? { cursor: 'pointer' } : undefined}
                  onClick={
                    marked && onCountryClick
                      ? (event) => {
                          event.stopPropagation();
                          onCountryClick(shape.code!);
                        }
                      : undefined
                  }
                />
              );
            })}
          </g>
          <g>
            {points.map((point, index) => {
              const at = projection([point.longitude, point.latitude]);
              if (!at) return null;
              return (
                <g
                  key={index}
                  transform={`translate(${at[0].toFixed(1)},${at[1].toFixed(1)})`}
                  data-role={point.role}
                >
                  <PointSymbol role={point.role} size={POINT_SIZE} />
                </g>
              );
            })}
          </g>
        </svg>
      )}
      {(rolesShown.length > 0 || countries.length > 0) && (
        <Group
          gap="md"
          mt={6}
          component="ul"
          aria-label={t('map.legend')}
          p={0}
          style={{ listStyle: 'none' }}
        >
          {countries.length > 0 && (
            <Group gap={6} component="li" wrap="nowrap">
              <LegendSymbol>
                <rect x={-7} y={-5} width={14} height={10} fill={MARKED[1]} stroke="#1b2559" />
              </LegendSymbol>
              <Text size="sm">{t('map.highlighted')}</Text>
            </Group>
          )}
          {rolesShown.map((role) => (
            <Group gap={6} component="li" key={role} wrap="nowrap">
              <LegendSymbol>
                <PointSymbol role={role} size={14} />
              </LegendSymbol>
              <Text size="sm">{t(`map.role.${role}`)}</Text>
            </Group>
          ))}
        </Group>
      )}
      {showDescription || onCountryClick ? (
        <Box component="figcaption" mt="xs">
          {description}
        </Box>
      ) : (
        <VisuallyHidden component="figcaption">{description}</VisuallyHidden>
      )}
    </Box>
  );
}
