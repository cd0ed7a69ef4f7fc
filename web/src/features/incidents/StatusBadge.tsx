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
  // Dark text on a light badge: the filled variants of some colours fail AA contrast.
  return (
    <Badge color={COLOURS[status]} variant="light" c={`${COLOURS[status]}.9`} w="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}
