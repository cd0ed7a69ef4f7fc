import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, apiError } from '../../api/client';
import { useMe } from '../../app/use-session';
import { useExportJob } from '../exports/api';
import { ExportJob } from '../exports/ExportJob';
import {
  ExportFormat,
  ExportScope,
  formatAllows,
  formatsFor,
  hasStaffFilters,
  isActive,
  scopesFor,
} from '../exports/rules';
import { AnchorLink } from '../../ui/links';
import { IncidentFilters, incidentSearch } from './search';

/** "Export this view": an export job with the list's filters, followed to its download. */
export function ExportThisView({ filters }: { filters: IncidentFilters }) {
  const { t } = useTranslation();
  const me = useMe();
  const headingId = useId();
  const scopes = scopesFor(me.roles).allowed;
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [scope, setScope] = useState<ExportScope | undefined>(scopes[0]);
  const [exportId, setExportId] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/exports', {
        // Every column of the scope, the report's own title: the builder chooses those.
        body: { format, scope: scope!, filters },
      });
      if (error || !data) throw apiError(response, error);
      return data.id;
    },
    onSuccess: (id) => setExportId(id),
  });
  const job = useExportJob(exportId);
  // The builder takes the view's filters from its URL, as the list does.
  const builderLink = (
    <AnchorLink to="/exports/new" search={incidentSearch.parse(filters)} size="sm">
      {t('exports.openBuilder')}
    </AnchorLink>
  );

  if (scopes.length === 0) {
    return (
      <Stack gap={4} align="flex-start">
        <Button variant="default" disabled>
          {t('exports.open')}
        </Button>
        <Text size="sm" c="gray.8">
          {t('exports.notAllowed')}
        </Text>
      </Stack>
    );
  }
  if (!open) {
    return (
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('exports.open')}
      </Button>
    );
  }

  const staffFilters = scope === 'public' && hasStaffFilters(filters);
  const wrongScope = scope !== undefined && !formatAllows(format, scope);
  const refusal = (error: Error | null): string | null => {
    if (!error) return null;
    if (error instanceof ApiError && error.status === 429) return t('exports.tooMany');
    return t('exports.refused', { message: error.message });
  };
  const item = job.data;
  const again = () => {
    setExportId(null);
    create.reset();
  };
  const close = () => {
    setOpen(false);
    again();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} w="100%">
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t('exports.panelTitle')}
        </Title>
        <Text size="sm">{t('exports.panelIntro')}</Text>
        {exportId === null ? (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <NativeSelect
                label={t('exports.format')}
                value={format}
                data={formatsFor(scopes).map((value) => ({
                  value,
                  label: t(`exports.formats.${value}`),
                }))}
                onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}
              />
              <Radio.Group
                label={t('exports.scope')}
                value={scope}
                onChange={(value) => setScope(value)}
              >
                <Stack gap={6} mt={4}>
                  {scopes.map((value) => (
                    <Radio key={value} value={value} label={t(`exports.scopes.${value}`)} />
                  ))}
                </Stack>
              </Radio.Group>
            </SimpleGrid>
            {staffFilters && (
              <Text size="sm" role="note">
                {t('exports.publicStaffFilters')}
              </Text>
            )}
            {wrongScope && (
              <Text size="sm" role="note">
                {t('exports.internalOnly')}
              </Text>
            )}
            {create.isError && (
              <Alert color="red" role="alert">
                {refusal(create.error)}
              </Alert>
            )}
            <Group gap="sm">
              <Button
                onClick={() => create.mutate()}
                loading={create.isPending}
                disabled={staffFilters || wrongScope || !scope}
              >
                {t('exports.start')}
              </Button>
              <Button variant="default" onClick={close}>
                {t('exports.cancel')}
              </Button>
              {builderLink}
            </Group>
          </>
        ) : (
          <Stack gap="xs">
            {job.isError && (
              <Alert color="red" role="alert">
                {t('app.unavailable')}
              </Alert>
            )}
            {item && <ExportJob item={item} />}
            <Group gap="sm">
              {item && !isActive(item.status) && (
                <Button variant="default" onClick={again}>
                  {t('exports.again')}
                </Button>
              )}
              <Button variant="default" onClick={close}>
                {t('exports.cancel')}
              </Button>
              <AnchorLink to="/exports" size="sm">
                {t('exports.allExports')}
              </AnchorLink>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
