import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';

type Status = components['schemas']['IncidentDto']['status'];

const COLOURS: Record<Status, string> = {
  intake: 'gray',
  in_verification: 'blue',
  verified: 'teal',
  published: 'green',
  rejected: 'red',
  retracted: 'orange',
  withdrawn: 'gray',
};

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  // Dark text on a light tint: the colour says the state at a glance, the words say it to
  // everyone (a shade-9 teal or green on its own tint falls short of AA).
  return (
    <Badge color={COLOURS[status]} variant="light" c="dark.9" w="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}
