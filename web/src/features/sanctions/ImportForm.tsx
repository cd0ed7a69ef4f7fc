import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import { versionsKey } from './VersionsPage';

const IMPORT_POLL_MS = 1000;
const DONE = ['completed', 'unchanged', 'refused', 'failed'];

/**
 * The admin's upload of a new edition of the list (and the vessels' CSV), followed as a job to
 * its outcome: a new version, nothing changed, or refused (a shrunken list, unless forced).
 */
export function ImportForm({ onVersion }: { onVersion: (versionId: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [vessels, setVessels] = useState<File | null>(null);
  const [force, setForce] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.append('force', String(force));
      if (file) form.append('file', file);
      if (vessels) form.append('vessels', vessels);
      const { data, error, response } = await api.POST('/api/v1/sanctions/imports', {
        body: form as never,
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    onSuccess: (queued) => setImportId(queued.id),
  });

  const job = useQuery({
    queryKey: ['sanctions', 'imports', importId],
    enabled: importId !== null,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/sanctions/imports/{id}', {
        params: { path: { id: importId! } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    refetchInterval: (query) =>
      query.state.data && DONE.includes(query.state.data.status) ? false : IMPORT_POLL_MS,
  });
  const outcome = job.data;
  const finished = outcome && DONE.includes(outcome.status);

  useEffect(() => {
    if (outcome?.status === 'completed')
      void queryClient.invalidateQueries({ queryKey: versionsKey });
  }, [outcome?.status, queryClient]);

  const problem =
    upload.error instanceof ApiError
      ? upload.error.status === 413
        ? t('sanctions.upload.tooLarge')
        : upload.error.status === 415
          ? t('sanctions.upload.notXml')
          : (upload.error.body?.message ?? upload.error.message)
      : upload.error
        ? t('app.unavailable')
        : null;
  const running = importId !== null && !finished;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upload-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="upload-title">
          {t('sanctions.upload.title')}
        </Title>
        <Text size="sm">{t('sanctions.upload.intro')}</Text>
        <FileInput
          label={t('sanctions.upload.file')}
          description={t('sanctions.upload.fileHelp')}
          accept=".xml,application/xml,text/xml"
          value={file}
          onChange={setFile}
          clearable
          clearButtonProps={{ 'aria-label': t('sanctions.upload.clearFile') }}
          required
        />
        <FileInput
          label={t('sanctions.upload.vessels')}
          description={t('sanctions.upload.vesselsHelp')}
          accept=".csv,text/csv"
          value={vessels}
          onChange={setVessels}
          clearable
          clearButtonProps={{ 'aria-label': t('sanctions.upload.clearVessels') }}
        />
        <Checkbox
          label={t('sanctions.upload.force')}
          description={t('sanctions.upload.forceWarning')}
          checked={force}
          onChange={(event) => setForce(event.currentTarget.checked)}
        />
        <Button
          style={{ alignSelf: 'flex-start' }}
          disabled={!file || running}
          loading={upload.isPending}
          onClick={() => {
            setImportId(null);
            upload.mutate();
          }}
        >
          {t('sanctions.upload.send')}
        </Button>
        {problem && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {problem}
            </Text>
          </Alert>
        )}
        {outcome && !finished && (
          <Stack gap={4}>
            <Text size="sm" role="status">
              {t(`sanctions.upload.status.${outcome.status}`)}
            </Text>
            <Progress
              value={Math.round(outcome.progress)}
              aria-label={t('sanctions.rescreen.progress', {
                percent: Math.round(outcome.progress),
              })}
              color="blue.8"
            />
          </Stack>
        )}
        {outcome?.status === 'completed' && (
          <Alert color="green" role="status">
            <Text size="sm" c="dark.9">
              {t('sanctions.upload.status.completed')}
            </Text>
            {outcome.versionId && (
              <Button
                mt="xs"
                size="compact-sm"
                variant="default"
                onClick={() => onVersion(outcome.versionId!)}
              >
                {t('sanctions.upload.showVersion')}
              </Button>
            )}
          </Alert>
        )}
        {outcome?.status === 'unchanged' && (
          <Alert color="gray" role="status">
            <Text size="sm" c="dark.9">
              {t('sanctions.upload.status.unchanged')}
            </Text>
          </Alert>
        )}
        {(outcome?.status === 'refused' || outcome?.status === 'failed') && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9" fw={600}>
              {t(`sanctions.upload.status.${outcome.status}`)}
            </Text>
            {outcome.error && (
              <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
                {outcome.error}
              </Text>
            )}
            {outcome.status === 'refused' && (
              <Text size="sm" c="dark.9">
                {t('sanctions.upload.refusedHelp')}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
