import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../../ui/countries';
import { INPUT_TYPE, toPrecision } from './dates';
import { errorText } from './field-error';
import {
  ACTOR_TYPES,
  emptyActor,
  emptyLocation,
  emptyQuantity,
  IncidentFormValues,
  LOCATION_ROLES,
  PRECISIONS,
} from './form-model';
import { PointField } from './PointField';
import { useReferenceOptions } from './use-reference-options';

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** Every field of an incident, in sections; the form state comes from FormProvider. */
export function IncidentFields() {
  return (
    <Stack>
      <WhatSection />
      <SanctionsSection />
      <WhenSection />
      <LocationsSection />
      <ActorsSection />
      <QuantitiesSection />
      <TagsSection />
    </Stack>
  );
}

function WhatSection() {
  const { t } = useTranslation();
  const { register, formState } = useFormContext<IncidentFormValues>();
  return (
    <Section id="form-what" title={t('incidentForm.sections.what')}>
      <TextInput
        label={t('incidentForm.title')}
        description={t('incidentForm.titleHelp')}
        withAsterisk
        {...register('title')}
        error={errorText(t, formState.errors.title?.message)}
      />
      <Textarea
        label={t('incidentForm.summary')}
        description={t('incidentForm.summaryHelp')}
        autosize
        minRows={4}
        {...register('summary')}
        error={errorText(t, formState.errors.summary?.message)}
      />
    </Section>
  );
}

function SanctionsSection() {
  const { t } = useTranslation();
  const { control, setValue, getValues } = useFormContext<IncidentFormValues>();
  const [regime, category, provisions] = useWatch({
    control,
    name: ['regime', 'category', 'provisions'],
  });
  const options = useReferenceOptions(regime, { regime, category, provisions });
  return (
    <Section id="form-sanctions" title={t('incidentForm.sections.sanctions')}>
      <Controller
        control={control}
        name="regime"
        render={({ field, fieldState }) => (
          <Select
            label={t('incidentForm.regime')}
            withAsterisk
            placeholder={t('incidentForm.choose')}
            data={options.regimes}
            value={field.value || null}
            onChange={(value) => {
              field.onChange(value ?? '');
              // Provisions belong to a regime: those of another regime no longer apply.
              setValue('provisions', []);
            }}
            onBlur={field.onBlur}
            ref={field.ref}
            name={field.name}
            error={errorText(t, fieldState.error?.message)}
          />
        )}
      />
      <Controller
        control={control}
        name="category"
        render={({ field, fieldState }) => (
          <Select
            label={t('incidentForm.category')}
            withAsterisk
            placeholder={t('incidentForm.choose')}
            data={options.categories}
            value={field.value || null}
            onChange={(value) => field.onChange(value ?? '')}
            onBlur={field.onBlur}
            ref={field.ref}
            name={field.name}
            searchable
            error={errorText(t, fieldState.error?.message)}
          />
        )}
      />
      <Controller
        control={control}
        name="provisions"
        render={({ field, fieldState }) => (
          <MultiSelect
            label={t('incidentForm.provisions')}
            description={
              getValues('regime')
                ? t('incidentForm.provisionsHelp')
                : t('incidentForm.provisionsFirst')
            }
            disabled={!regime}
            data={options.provisions}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            ref={field.ref}
            name={field.name}
            searchable
            error={errorText(t, fieldState.error?.message)}
          />
        )}
      />
    </Section>
  );
}

function WhenSection() {
  const { t } = useTranslation();
  const { control, register, setValue, getValues, formState } =
    useFormContext<IncidentFormValues>();
  const precision = useWatch({ control, name: 'datePrecision' });
  const type = INPUT_TYPE[precision];
  const dateProps =
    type === 'number' ? { type: 'number', min: 1900, max: 2100, step: 1 } : { type };
  return (
    <Section id="form-when" title={t('incidentForm.sections.when')}>
      <Controller
        control={control}
        name="datePrecision"
        render={({ field }) => (
          <Radio.Group
            label={t('incidentForm.datePrecision')}
            description={t('incidentForm.datePrecisionHelp')}
            value={field.value}
            onChange={(value) => {
              const next = value;
              // The dates keep what they said, at the new precision: 2025-01-12 → 2025-01.
              setValue('occurredFrom', toPrecision(getValues('occurredFrom'), next));
              setValue('occurredTo', toPrecision(getValues('occurredTo'), next));
              field.onChange(next);
            }}
          >
            <Group mt="xs">
              {PRECISIONS.map((option) => (
                <Radio key={option} value={option} label={t(`incidentForm.precision.${option}`)} />
              ))}
            </Group>
          </Radio.Group>
        )}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          key={`from-${precision}`}
          label={t(`incidentForm.from.${precision}`)}
          withAsterisk
          {...dateProps}
          {...register('occurredFrom')}
          error={errorText(t, formState.errors.occurredFrom?.message)}
        />
        <TextInput
          key={`to-${precision}`}
          label={t(`incidentForm.to.${precision}`)}
          description={t('incidentForm.toHelp')}
          {...dateProps}
          {...register('occurredTo')}
          error={errorText(t, formState.errors.occurredTo?.message)}
        />
      </SimpleGrid>
    </Section>
  );
}

function LocationsSection() {
  const { t, i18n } = useTranslation();
  const { control, register, formState } = useFormContext<IncidentFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'locations' });
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  return (
    <Section id="form-where" title={t('incidentForm.sections.where')}>
      {fields.length === 0 && <Text c="gray.8">{t('incidentForm.noLocations')}</Text>}
      {fields.map((row, index) => {
        const errors = formState.errors.locations?.[index];
        return (
          <Fieldset key={row.id} legend={t('incidentForm.locationN', { n: index + 1 })}>
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label={t('incidentForm.locationRole')}
                  data={LOCATION_ROLES.map((role) => ({
                    value: role,
                    label: t(`locationRole.${role}`),
                  }))}
                  {...register(`locations.${index}.role`)}
                />
                <Controller
                  control={control}
                  name={`locations.${index}.countryCode`}
                  render={({ field, fieldState }) => (
                    <Select
                      label={t('incidentForm.country')}
                      description={t('incidentForm.countryHelp')}
                      withAsterisk
                      searchable
                      data={countries}
                      value={field.value || null}
                      onChange={(value) => field.onChange(value ?? '')}
                      onBlur={field.onBlur}
                      ref={field.ref}
                      name={field.name}
                      nothingFoundMessage={t('incidentForm.noCountry')}
                      error={errorText(t, fieldState.error?.message)}
                    />
                  )}
                />
                <TextInput
                  label={t('incidentForm.adminArea')}
                  {...register(`locations.${index}.adminArea`)}
                  error={errorText(t, errors?.adminArea?.message)}
                />
                <TextInput
                  label={t('incidentForm.placeName')}
                  {...register(`locations.${index}.placeName`)}
                  error={errorText(t, errors?.placeName?.message)}
                />
              </SimpleGrid>
              <PointField index={index} />
              <Group justify="flex-end">
                <Button variant="subtle" color="red" c="red.9" onClick={() => remove(index)}>
                  {t('incidentForm.removeLocation', { n: index + 1 })}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        );
      })}
      <Group>
        <Button variant="light" onClick={() => append(emptyLocation())}>
          {t('incidentForm.addLocation')}
        </Button>
      </Group>
    </Section>
  );
}

function ActorsSection() {
  const { t } = useTranslation();
  const { control, register, formState, trigger } = useFormContext<IncidentFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'actors' });
  const actors = useWatch({ control, name: 'actors' });
  return (
    <Section id="form-who" title={t('incidentForm.sections.who')}>
      {fields.length === 0 && <Text c="gray.8">{t('incidentForm.noActors')}</Text>}
      {fields.map((row, index) => {
        const errors = formState.errors.actors?.[index];
        const actor = actors[index];
        const showImo = actor?.type === 'vessel' || Boolean(actor?.imoNumber);
        const imo = register(`actors.${index}.imoNumber`, {
          // Checked as typed once seven digits are in, and when the field is left.
          onChange: (event: { target: { value: string } }) => {
            if (event.target.value.length >= 7 || errors?.imoNumber) {
              void trigger(`actors.${index}.imoNumber`);
            }
          },
          onBlur: (event: { target: { value: string } }) => {
            if (event.target.value) void trigger(`actors.${index}.imoNumber`);
          },
        });
        return (
          <Fieldset key={row.id} legend={t('incidentForm.actorN', { n: index + 1 })}>
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('incidentForm.actorName')}
                  withAsterisk
                  {...register(`actors.${index}.name`)}
                  error={errorText(t, errors?.name?.message)}
                />
                <NativeSelect
                  label={t('incidentForm.actorType')}
                  data={ACTOR_TYPES.map((type) => ({ value: type, label: t(`actorType.${type}`) }))}
                  {...register(`actors.${index}.type`, {
                    onChange: () => void trigger(`actors.${index}.imoNumber`),
                  })}
                />
                <TextInput
                  label={t('incidentForm.actorRole')}
                  description={t('incidentForm.actorRoleHelp')}
                  {...register(`actors.${index}.role`)}
                  error={errorText(t, errors?.role?.message)}
                />
                {showImo && (
                  <TextInput
                    label={t('incidentForm.imoNumber')}
                    description={t('incidentForm.imoHelp')}
                    inputMode="numeric"
                    maxLength={7}
                    autoComplete="off"
                    {...imo}
                    error={errorText(t, errors?.imoNumber?.message)}
                  />
                )}
              </SimpleGrid>
              <Group justify="flex-end">
                <Button variant="subtle" color="red" c="red.9" onClick={() => remove(index)}>
                  {t('incidentForm.removeActor', { n: index + 1 })}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        );
      })}
      <Group>
        <Button variant="light" onClick={() => append(emptyActor())}>
          {t('incidentForm.addActor')}
        </Button>
      </Group>
    </Section>
  );
}

function QuantitiesSection() {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<IncidentFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'quantities' });
  return (
    <Section id="form-quantities" title={t('incidentForm.sections.quantities')}>
      {fields.length === 0 && <Text c="gray.8">{t('incidentForm.noQuantities')}</Text>}
      {fields.map((row, index) => {
        const errors = formState.errors.quantities?.[index];
        return (
          <Fieldset key={row.id} legend={t('incidentForm.quantityN', { n: index + 1 })}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} verticalSpacing="sm">
              <Controller
                control={control}
                name={`quantities.${index}.value`}
                render={({ field, fieldState }) => (
                  <NumberInput
                    label={t('incidentForm.quantityValue')}
                    withAsterisk
                    min={0}
                    value={field.value}
                    onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
                    onBlur={field.onBlur}
                    ref={field.ref}
                    name={field.name}
                    hideControls
                    error={errorText(t, fieldState.error?.message)}
                  />
                )}
              />
              <TextInput
                label={t('incidentForm.quantityUnit')}
                description={t('incidentForm.quantityUnitHelp')}
                withAsterisk
                {...register(`quantities.${index}.unit`)}
                error={errorText(t, errors?.unit?.message)}
              />
              <Checkbox
                mt={{ sm: 'xl' }}
                label={t('incidentForm.approximate')}
                {...register(`quantities.${index}.approximate`)}
              />
            </SimpleGrid>
            <Group justify="flex-end" mt="sm">
              <Button variant="subtle" color="red" c="red.9" onClick={() => remove(index)}>
                {t('incidentForm.removeQuantity', { n: index + 1 })}
              </Button>
            </Group>
          </Fieldset>
        );
      })}
      <Group>
        <Button variant="light" onClick={() => append(emptyQuantity())}>
          {t('incidentForm.addQuantity')}
        </Button>
      </Group>
    </Section>
  );
}

function TagsSection() {
  const { t } = useTranslation();
  const { control } = useFormContext<IncidentFormValues>();
  return (
    <Section id="form-tags" title={t('incidentForm.sections.tags')}>
      <Controller
        control={control}
        name="tags"
        render={({ field, fieldState }) => (
          <TagsInput
            label={t('incidentForm.tags')}
            description={t('incidentForm.tagsHelp')}
            value={field.value}
            onChange={(value) => field.onChange(value.map((tag) => tag.trim().toLowerCase()))}
            onBlur={field.onBlur}
            ref={field.ref}
            name={field.name}
            error={errorText(t, fieldState.error?.message)}
          />
        )}
      />
    </Section>
  );
}
