import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Announced when a save fails: how many fields need attention (they are marked), and any
 * message of the server that names no field.
 */
export function FormProblems({ invalid, unmapped }: { invalid: number; unmapped: string[] }) {
  const { t } = useTranslation();
  if (invalid === 0 && unmapped.length === 0) return null;
  return (
    <Alert
      color="red"
      role="alert"
      title={
        <Text span fw={700} c="dark.9">
          {t('incidentForm.problemsTitle')}
        </Text>
      }
    >
      {invalid > 0 && <Text size="sm">{t('incidentForm.invalidFields', { count: invalid })}</Text>}
      {unmapped.length > 0 && (
        <>
          <Text size="sm">{t('incidentForm.serverSaid')}</Text>
          <List size="sm">
            {unmapped.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}

/** How many fields carry an error, nested rows included. */
export function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  if ('message' in errors && typeof errors.message === 'string') return 1;
  return Object.entries(errors)
    .filter(([key]) => key !== 'ref' && key !== 'root')
    .reduce((sum, [, value]) => sum + countErrors(value), 0);
}
