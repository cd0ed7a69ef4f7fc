import { Button, Group, NumberInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { WorldMap } from '../../../ui/map/WorldMap';
import { errorText } from './field-error';
import type { IncidentFormValues } from './form-model';

/** Four decimals: about 11 m, as precise as a place in a report needs. */
const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * A location's optional point, as latitude and longitude in decimal degrees: typed, or picked
 * with a click on the offline map (nothing is fetched from a tile server).
 */
export function PointField({ index }: { index: number }) {
  const { t } = useTranslation();
  const { control, setValue } = useFormContext<IncidentFormValues>();
  const [mapShown, setMapShown] = useState(false);
  const [latitude, longitude, role, placeName] = useWatch({
    control,
    name: [
      `locations.${index}.latitude`,
      `locations.${index}.longitude`,
      `locations.${index}.role`,
      `locations.${index}.placeName`,
    ],
  });
  const point =
    typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : null;
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        {(['latitude', 'longitude'] as const).map((axis) => (
          <Controller
            key={axis}
            control={control}
            name={`locations.${index}.${axis}`}
            render={({ field, fieldState }) => (
              <NumberInput
                label={t(`incidentForm.${axis}`)}
                description={t(`incidentForm.${axis}Help`)}
                value={field.value}
                onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
                onBlur={field.onBlur}
                ref={field.ref}
                name={field.name}
                decimalScale={6}
                allowDecimal
                allowNegative
                hideControls
                error={errorText(t, fieldState.error?.message)}
              />
            )}
          />
        ))}
      </Group>
      <Button
        variant="default"
        size="compact-sm"
        w="max-content"
        onClick={() => setMapShown((shown) => !shown)}
        aria-expanded={mapShown}
      >
        {mapShown ? t('incidentForm.hideMap') : t('incidentForm.pickOnMap')}
      </Button>
      {mapShown && (
        <WorldMap
          title={t('map.pickerTitle')}
          height={300}
          points={
            point
              ? [{ ...point, role: role || 'occurrence', label: placeName || t('map.title') }]
              : []
          }
          // The whole world stays in view: zooming to one point would lose where it is.
          zoom="world"
          onPick={(pickedLongitude, pickedLatitude) => {
            const options = { shouldDirty: true, shouldValidate: true } as const;
            setValue(`locations.${index}.latitude`, round(pickedLatitude), options);
            setValue(`locations.${index}.longitude`, round(pickedLongitude), options);
          }}
        />
      )}
    </Stack>
  );
}
