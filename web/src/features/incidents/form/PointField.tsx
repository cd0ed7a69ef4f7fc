import { Group, NumberInput } from '@mantine/core';
import { Controller, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { errorText } from './field-error';
import type { IncidentFormValues } from './form-model';

/**
 * A location's optional point, as latitude and longitude in decimal degrees. Its own component,
 * so that a map picker can set the same two fields.
 */
export function PointField({ index }: { index: number }) {
  const { t } = useTranslation();
  const { control } = useFormContext<IncidentFormValues>();
  return (
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
  );
}
