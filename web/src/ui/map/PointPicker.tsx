import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoBox } from './geo';
import { LocationRole, WorldMap } from './WorldMap';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface PointPickerProps {
  value: GeoPoint | null;
  onChange: (point: GeoPoint | null) => void;
  /** Which symbol the point gets (the location's role). */
  role?: LocationRole;
  /** The place in words, for the map's text alternative. */
  label?: string;
  /** The part of the world shown first; the world by default. */
  zoom?: 'world' | GeoBox;
}

/** Four decimals: about 11 m, as precise as a place in a report needs. */
const round = (value: number): number => Math.round(value * 10_000) / 10_000;

const inRange = (value: number, limit: number): boolean =>
  Number.isFinite(value) && value >= -limit && value <= limit;

type Draft = Record<keyof GeoPoint, string | number>;

const draftOf = (point: GeoPoint | null): Draft => ({
  latitude: point?.latitude ?? '',
  longitude: point?.longitude ?? '',
});

function toNumber(input: string | number): number | null {
  if (typeof input === 'number') return input;
  if (input.trim() === '' || input === '-') return null;
  const number = Number(input);
  return Number.isFinite(number) ? number : null;
}

function pointOf(draft: Draft): GeoPoint | null {
  const latitude = toNumber(draft.latitude);
  const longitude = toNumber(draft.longitude);
  return latitude !== null && longitude !== null && inRange(latitude, 90) && inRange(longitude, 180)
    ? { latitude: round(latitude), longitude: round(longitude) }
    : null;
}

/** Whether the inputs already say what `point` says (an unfinished draft says "no point"). */
function sameAs(draft: Draft, point: GeoPoint | null): boolean {
  const drafted = pointOf(draft);
  return point === null
    ? drafted === null
    : drafted?.latitude === point.latitude && drafted.longitude === point.longitude;
}

/**
 * A latitude and longitude, picked by a click on the offline map or typed into two number
 * inputs (the keyboard's way). Each input edits its half of the point; a point exists only
 * when both halves are numbers in range.
 */
export function PointPicker({
  value,
  onChange,
  role = 'occurrence',
  label,
  zoom = 'world',
}: PointPickerProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(value));
  // A point set from outside (a click on the map, a reset of the form) shows in the inputs.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (!sameAs(draft, value)) setDraft(draftOf(value));
  }

  const edit = (field: keyof GeoPoint) => (input: string | number) => {
    const next = { ...draft, [field]: input };
    setDraft(next);
    const point = pointOf(next);
    if (point) onChange(point);
    else if (value) onChange(null);
  };
  const errorOf = (field: keyof GeoPoint, limit: number): string | undefined => {
    const number = toNumber(draft[field]);
    return number !== null && !inRange(number, limit) ? t('map.outOfRange') : undefined;
  };
  const format = (number: number): string =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 4 }).format(number);

  return (
    <Stack gap="xs">
      <Text size="sm" c="gray.8">
        {t('map.pickerHelp')}
      </Text>
      <WorldMap
        title={t('map.pickerTitle')}
        zoom={zoom}
        height={360}
        points={value ? [{ ...value, role, label: label ?? t('map.title') }] : []}
        onPick={(longitude, latitude) =>
          onChange({ latitude: round(latitude), longitude: round(longitude) })
        }
      />
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NumberInput
          label={t('map.latitude')}
          description={t('map.latitudeHelp')}
          value={draft.latitude}
          onChange={edit('latitude')}
          clampBehavior="none"
          decimalScale={4}
          step={0.1}
          error={errorOf('latitude', 90)}
          w={240}
        />
        <NumberInput
          label={t('map.longitude')}
          description={t('map.longitudeHelp')}
          value={draft.longitude}
          onChange={edit('longitude')}
          clampBehavior="none"
          decimalScale={4}
          step={0.1}
          error={errorOf('longitude', 180)}
          w={240}
        />
      </Group>
      <Group gap="sm">
        <Text size="sm" aria-live="polite">
          {value
            ? t('map.picked', {
                latitude: format(value.latitude),
                longitude: format(value.longitude),
              })
            : t('map.noPoint')}
        </Text>
        {value && (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              setDraft({ latitude: '', longitude: '' });
              onChange(null);
            }}
          >
            {t('map.clearPoint')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
