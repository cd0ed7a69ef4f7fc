import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { countryName } from '../../ui/format';
import { useNames } from '../../ui/use-reference';

type Filters = components['schemas']['IncidentFilters'];

/** An export's filters as the list labels them, with names rather than codes and ids. */
export function FiltersInWords({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const person = (id: string) => (id === 'none' ? t('incidents.nobody') : names.user(id));
  const parts: [label: string, value: string | undefined][] = [
    [t('incidents.search'), filters.q],
    [t('incidents.status'), filters.status && t(`status.${filters.status}`)],
    [t('incidents.regime'), filters.regime && names.regime(filters.regime)],
    [t('incidents.category'), filters.category && names.category(filters.category)],
    [t('incidents.provision'), filters.provision && names.provision(filters.provision)],
    [t('incidents.country'), filters.country && countryName(filters.country, i18n.language)],
    [t('incidents.tag'), filters.tag],
    [t('incidents.assignee'), filters.assigneeId && person(filters.assigneeId)],
    [t('incidents.createdBy'), filters.createdBy && person(filters.createdBy)],
    [
      t('incidents.deadline'),
      filters.overdue &&
        (filters.overdue === 'true' ? t('incidents.overdue') : t('incidents.notOverdue')),
    ],
    [t('incidents.occurredFrom'), filters.occurredFrom],
    [t('incidents.occurredTo'), filters.occurredTo],
  ];
  const set = parts.filter((part): part is [string, string] => Boolean(part[1]));
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      {set.length === 0
        ? t('exports.noFilters')
        : set.map(([label, value]) => `${label}: ${value}`).join('; ')}
    </Text>
  );
}
