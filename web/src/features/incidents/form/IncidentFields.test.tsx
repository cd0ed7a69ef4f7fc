import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { FormProvider } from 'react-hook-form';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../../i18n/for-tests';
import { emptyActor, emptyForm, IncidentFormValues, payloadOf } from './form-model';
import { IncidentFields } from './IncidentFields';
import { useIncidentForm } from './use-incident-form';

vi.mock('./use-reference-options', () => ({
  useReferenceOptions: () => ({ ready: true, regimes: [], categories: [], provisions: [] }),
}));

function Form({ initial }: { initial: IncidentFormValues }) {
  const form = useIncidentForm(initial);
  return (
    <FormProvider {...form}>
      <IncidentFields />
    </FormProvider>
  );
}

const show = (initial: IncidentFormValues) =>
  render(
    <MantineProvider>
      <Form initial={initial} />
    </MantineProvider>,
  );

describe('the date fields of the form', () => {
  beforeAll(async () => {
    // happy-dom has no FontFaceSet; the summary's autosizing textarea listens to it.
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener: () => undefined, removeEventListener: () => undefined },
    });
    await setupI18n('en');
  });

  it('asks for a month at month precision, and for a year at year precision', () => {
    show({
      ...emptyForm(),
      datePrecision: 'month',
      occurredFrom: '2025-01',
      occurredTo: '2025-03',
    });
    const from = screen.getByLabelText<HTMLInputElement>(/^From \(month\)/);
    expect(from.type).toBe('month');
    expect(from.value).toBe('2025-01');
    expect(screen.getByLabelText<HTMLInputElement>(/^Until \(month\)/).value).toBe('2025-03');

    fireEvent.click(screen.getByRole('radio', { name: 'Year' }));
    const year = screen.getByLabelText<HTMLInputElement>(/^From \(year\)/);
    expect(year.type).toBe('number');
    expect(year.value).toBe('2025');
    expect(screen.queryByLabelText(/^From \(month\)/)).toBeNull();
  });

  it('asks for a day at day precision', () => {
    show({ ...emptyForm(), occurredFrom: '2025-01-12' });
    const from = screen.getByLabelText<HTMLInputElement>(/^From \(day\)/);
    expect(from.type).toBe('date');
    expect(from.value).toBe('2025-01-12');
  });
});

describe('the actors of the form', () => {
  it('keeps each actor its own id when another is removed, and gives an added one none', () => {
    const seen: { values?: () => IncidentFormValues } = {};
    function Capture({ initial }: { initial: IncidentFormValues }) {
      const form = useIncidentForm(initial);
      useEffect(() => {
        seen.values = form.getValues;
      }, [form.getValues]);
      return (
        <FormProvider {...form}>
          <IncidentFields />
        </FormProvider>
      );
    }
    const actor = (id: string, name: string) => ({ ...emptyActor(), id, name });
    render(
      <MantineProvider>
        <Capture
          initial={{
            ...emptyForm(),
            actors: [actor('a-1', 'Musan Mine'), actor('a-2', 'Ri Won Ho')],
          }}
        />
      </MantineProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove actor 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add an actor' }));
    expect(payloadOf(seen.values!()).actors?.map((each) => [each.id, each.name])).toEqual([
      ['a-2', 'Ri Won Ho'],
      [undefined, ''],
    ]);
  });
});
