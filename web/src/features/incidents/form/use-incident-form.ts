import { zodResolver } from '@hookform/resolvers/zod';
import { FieldPath, useForm, UseFormReturn } from 'react-hook-form';
import type { ApiError } from '../../../api/client';
import { IncidentFormValues, incidentFormSchema } from './form-model';
import { mapServerDetails } from './server-errors';

export function useIncidentForm(initial: IncidentFormValues): UseFormReturn<IncidentFormValues> {
  return useForm<IncidentFormValues>({
    resolver: zodResolver(incidentFormSchema),
    defaultValues: initial,
    // Checked on submit, then as the user corrects; an added row is not scolded before it is
    // filled. The IMO number is checked as typed on its own (IncidentFields).
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
}

/**
 * Puts a 400's field details onto the fields they name; answers what names no field, for an
 * alert (nothing the server said is dropped).
 */
export function showServerErrors(
  form: UseFormReturn<IncidentFormValues>,
  error: ApiError,
): string[] {
  const values = form.getValues();
  const { fields, unmapped } = mapServerDetails(error.body?.details, {
    locations: values.locations.length,
    actors: values.actors.length,
    quantities: values.quantities.length,
  });
  // Not focused: a focused picker opens its list over the message; the alert announces it.
  fields.forEach(({ name, message }) => {
    form.setError(name as FieldPath<IncidentFormValues>, {
      type: 'server',
      message: `server:${message}`,
    });
  });
  if (fields.length === 0 && unmapped.length === 0)
    unmapped.push(error.body?.message ?? error.message);
  return unmapped;
}
