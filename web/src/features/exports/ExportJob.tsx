import { Alert, Button, Code, Group, Progress, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../ui/format';
import { downloadExport } from './api';
import { effectiveStatus, ExportItem, formatBytes } from './rules';

/**
 * One export as far as it has got: its progress while it is made, its error if it failed, and
 * once ready its rows, size, SHA-256 and expiry with the download.
 */
export function ExportJob({ item }: { item: ExportItem }) {
  const { t, i18n } = useTranslation();
  const download = useMutation({ mutationFn: downloadExport });
  const status = effectiveStatus(item);

  switch (status) {
    case 'queued':
    case 'running':
      return (
        <>
          <Text size="sm" aria-live="polite">
            {status === 'queued'
              ? t('exports.queued')
              : t('exports.running', { progress: item.progress })}
          </Text>
          <Progress value={item.progress} aria-label={t('exports.progress')} animated />
        </>
      );
    case 'failed':
      return (
        <Alert color="red" role="alert">
          {t('exports.failed', { error: item.error ?? '' })}
        </Alert>
      );
    case 'expired':
      return (
        <Alert color="gray" role="status">
          {t('exports.expired')}
        </Alert>
      );
    case 'completed':
      return (
        <>
          <Text fw={600} role="status">
            {t('exports.completed')}
          </Text>
          <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={{ base: 110, xs: 180 }}>{t('exports.rows')}</Table.Th>
                <Table.Td>
                  {new Intl.NumberFormat(i18n.language).format(item.rowCount ?? 0)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('exports.size')}</Table.Th>
                <Table.Td data-testid="export-size">
                  {formatBytes(item.sizeBytes ?? 0, i18n.language)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('exports.sha256')}</Table.Th>
                <Table.Td>
                  <Code data-testid="export-sha256" style={{ wordBreak: 'break-all' }}>
                    {item.sha256}
                  </Code>
                  <Text size="xs" c="gray.8" mt={2}>
                    {t('exports.sha256Help')}
                  </Text>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('exports.expires')}</Table.Th>
                <Table.Td>
                  {item.expiresAt ? formatTimestamp(item.expiresAt, i18n.language) : '—'}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {download.isError && (
            <Alert color="red" role="alert">
              {t('exports.downloadFailed', { message: download.error.message })}
            </Alert>
          )}
          <Group gap="sm">
            <Button onClick={() => download.mutate(item.id)} loading={download.isPending}>
              {t('exports.download')}
            </Button>
          </Group>
        </>
      );
  }
}
