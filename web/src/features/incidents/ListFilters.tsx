import {
  Box,
  Button,
  Collapse,
  Group,
  List,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { FormEvent, memo, ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../ui/countries';
import { provisionLabel, useReferenceLists } from '../../ui/use-reference';
import { filtersOf, IncidentSearch, isFiltered, STATUSES } from './search';

type Patch = Partial<IncidentSearch>;

/** A value the URL holds but the list does not know yet is still shown, by its code. */
function withCurrent(
  options: { value: string; label: string }[],
  current: string | undefined,
): { value: string; label: string }[] {
  return current && !options.some((option) => option.value === current)
    ? [...options, { value: current, label: current }]
    : options;
}

/**
 * Every filter of the incident list, each written to the URL as soon as it is chosen (text
 * fields when submitted), with names rather than codes.
 */
/** Memoised: "Load more" re-renders the list, not its filters. */
export const ListFilters = memo(function ListFilters({
  search,
  onChange,
  sortable = true,
  children,
}: {
  search: IncidentSearch;
  onChange: (patch: Patch, replaceAll?: boolean) => void;
  /** Whether the view has an order to choose (an export does not: it keeps its own). */
  sortable?: boolean;
  /** More actions on the view, beside "clear filters" (export this view). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const reference = useReferenceLists();
  const lists = {
    regimes: reference.regimes ?? [],
    categories: reference.categories ?? [],
    provisions: reference.provisions ?? [],
    users: reference.users ?? [],
  };
  const [q, setQ] = useState(search.q ?? '');
  const [tag, setTag] = useState(search.tag ?? '');
  const [syntaxOpen, setSyntaxOpen] = useState(false);
  const syntaxId = useId();
  const datesHelpId = useId();
  const gridId = useId();
  // On a phone the twelve filters fold away behind one button that says how many are set.
  const compact = useMediaQuery('(max-width: 48em)') ?? false;
  const [filtersShown, setFiltersShown] = useState(false);
  const active = Object.keys(filtersOf(search)).filter((key) => key !== 'q').length;
  const tagHelpId = useId();
  // The URL wins when it changes under the form (back, a link, "clear filters").
  const [seen, setSeen] = useState({ q: search.q, tag: search.tag });
  if (seen.q !== search.q || seen.tag !== search.tag) {
    setSeen({ q: search.q, tag: search.tag });
    setQ(search.q ?? '');
    setTag(search.tag ?? '');
  }

  const applySearch = (event: FormEvent): void => {
    event.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  const applyTag = (): void => {
    const value = tag.trim().toLowerCase();
    if (value !== (search.tag ?? '')) onChange({ tag: value || undefined });
  };
  const choose =
    <K extends keyof IncidentSearch>(key: K) =>
    (value: string | null) =>
      onChange({ [key]: value || undefined });

  const provisions = lists.provisions.filter(
    (provision) => !search.regime || provision.regime === search.regime,
  );
  const verifiers = lists.users.filter((user) => user.roles.includes('verifier'));
  const byName = (a: { displayName: string }, b: { displayName: string }) =>
    a.displayName.localeCompare(b.displayName, i18n.language);

  return (
    <Stack gap="sm" component="section" aria-label={t('incidents.filters')}>
      <form onSubmit={applySearch} role="search">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={t('incidents.search')}
            description={t('incidents.searchHelp')}
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
            maxLength={200}
            style={{ flex: '1 1 240px', maxWidth: 520 }}
          />
          <Button type="submit" variant="default">
            {t('incidents.search')}
          </Button>
          <Button
            variant="subtle"
            aria-expanded={syntaxOpen}
            aria-controls={syntaxId}
            onClick={() => setSyntaxOpen(!syntaxOpen)}
          >
            {t('incidents.syntaxToggle')}
          </Button>
        </Group>
        <Collapse expanded={syntaxOpen} id={syntaxId}>
          <List size="sm" mt="xs" spacing={2}>
            {(['words', 'phrase', 'or', 'exclude'] as const).map((key) => (
              <List.Item key={key}>{t(`incidents.syntax.${key}`)}</List.Item>
            ))}
          </List>
        </Collapse>
      </form>
      {compact && (
        <Button
          variant="default"
          aria-expanded={filtersShown}
          aria-controls={gridId}
          onClick={() => setFiltersShown(!filtersShown)}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('incidents.filters')}
          {active > 0 ? ` (${active})` : ''}
        </Button>
      )}
      {(!compact || filtersShown) && (
        <Stack gap="xs" id={gridId}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
            <NativeSelect
              label={t('incidents.status')}
              value={search.status ?? ''}
              data={[
                { value: '', label: t('incidents.anyStatus') },
                ...STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })),
              ]}
              onChange={(event) => choose('status')(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('incidents.regime')}
              value={search.regime ?? ''}
              data={[
                { value: '', label: t('incidents.anyRegime') },
                ...withCurrent(
                  lists.regimes.map((regime) => ({ value: regime.code, label: regime.name })),
                  search.regime,
                ),
              ]}
              onChange={(event) =>
                onChange({ regime: event.currentTarget.value || undefined, provision: undefined })
              }
            />
            <NativeSelect
              label={t('incidents.category')}
              value={search.category ?? ''}
              data={[
                { value: '', label: t('incidents.anyCategory') },
                ...withCurrent(
                  lists.categories.map((category) => ({
                    value: category.code,
                    label: category.name,
                  })),
                  search.category,
                ),
              ]}
              onChange={(event) => choose('category')(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('incidents.provision')}
              value={search.provision ?? ''}
              data={[
                { value: '', label: t('incidents.anyProvision') },
                ...withCurrent(
                  provisions.map((provision) => ({
                    value: provision.code,
                    label: provisionLabel(provision),
                  })),
                  search.provision,
                ),
              ]}
              onChange={(event) => choose('provision')(event.currentTarget.value)}
            />
            <Select
              label={t('incidents.country')}
              placeholder={t('incidents.anyCountry')}
              searchable
              clearable
              value={search.country ?? null}
              data={countryOptions(i18n.language)}
              onChange={choose('country')}
              comboboxProps={{ withinPortal: true }}
            />
            <NativeSelect
              label={t('incidents.assignee')}
              value={search.assigneeId ?? ''}
              data={[
                { value: '', label: t('incidents.anyone') },
                { value: 'me', label: t('incidents.me') },
                { value: 'none', label: t('incidents.nobody') },
                ...withCurrent(
                  verifiers
                    .sort(byName)
                    .map((user) => ({ value: user.id, label: user.displayName })),
                  search.assigneeId === 'me' || search.assigneeId === 'none'
                    ? undefined
                    : search.assigneeId,
                ),
              ]}
              onChange={(event) => choose('assigneeId')(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('incidents.createdBy')}
              value={search.createdBy ?? ''}
              data={[
                { value: '', label: t('incidents.anyone') },
                { value: 'me', label: t('incidents.me') },
                ...withCurrent(
                  [...lists.users]
                    .sort(byName)
                    .map((user) => ({ value: user.id, label: user.displayName })),
                  search.createdBy === 'me' ? undefined : search.createdBy,
                ),
              ]}
              onChange={(event) => choose('createdBy')(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('incidents.deadline')}
              value={search.overdue === undefined ? '' : String(search.overdue)}
              data={[
                { value: '', label: t('incidents.anyDeadline') },
                { value: 'true', label: t('incidents.overdue') },
                { value: 'false', label: t('incidents.notOverdue') },
              ]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                onChange({ overdue: value === '' ? undefined : value === 'true' });
              }}
            />
            <TextInput
              type="date"
              label={t('incidents.occurredFrom')}
              value={search.occurredFrom ?? ''}
              max={search.occurredTo}
              aria-describedby={datesHelpId}
              onChange={(event) => choose('occurredFrom')(event.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('incidents.occurredTo')}
              value={search.occurredTo ?? ''}
              min={search.occurredFrom}
              aria-describedby={datesHelpId}
              onChange={(event) => choose('occurredTo')(event.currentTarget.value)}
            />
            <Box
              component="form"
              onSubmit={(event: FormEvent) => {
                event.preventDefault();
                applyTag();
              }}
            >
              <TextInput
                label={t('incidents.tag')}
                aria-describedby={tagHelpId}
                value={tag}
                onChange={(event) => setTag(event.currentTarget.value)}
                onBlur={applyTag}
                maxLength={50}
                enterKeyHint="search"
              />
            </Box>
            {sortable && (
              <NativeSelect
                label={t('incidents.sort')}
                value={search.sort ?? '-occurredFrom'}
                data={[
                  { value: '-occurredFrom', label: t('incidents.sortOccurred') },
                  { value: '-updatedAt', label: t('incidents.sortUpdated') },
                  { value: '-createdAt', label: t('incidents.sortCreated') },
                ]}
                onChange={(event) =>
                  onChange({ sort: event.currentTarget.value as IncidentSearch['sort'] })
                }
              />
            )}
          </SimpleGrid>
          <Text size="xs" c="gray.8">
            <span id={datesHelpId}>{t('incidents.datesHelp')}.</span>{' '}
            <span id={tagHelpId}>{t('incidents.tagHelp')}.</span>
          </Text>
        </Stack>
      )}
      <Group gap="sm" align="flex-start" wrap="wrap">
        <Button
          variant="default"
          disabled={!isFiltered(search)}
          onClick={() => onChange({ sort: search.sort, view: search.view }, true)}
        >
          {t('incidents.clearFilters')}
        </Button>
        {children}
      </Group>
    </Stack>
  );
});
