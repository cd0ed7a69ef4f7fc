import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  NativeSelect,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { sourceLabel, SourceView } from '../sources/source-rules';
import {
  checkFile,
  FileRefusal,
  formatBytes,
  kindOfFile,
  sha256Hex,
  UploadLimits,
} from './file-check';
import { FileDrop } from './FileDrop';
import { uploadEvidence } from './upload-request';

type Evidence = components['schemas']['EvidenceDto'];
type Kind = components['schemas']['CreateEvidenceDto']['kind'];
type Mode = 'file' | 'url' | 'testimony';

const FILE_KINDS: readonly Kind[] = ['image', 'document', 'video', 'audio', 'dataset', 'other'];

export function useUploadLimits() {
  return useQuery({
    queryKey: ['evidence', 'upload-limits'],
    queryFn: async (): Promise<UploadLimits> => {
      const { data, error, response } = await api.GET('/api/v1/evidence/upload-limits');
      if (error) throw apiError(response, error);
      return data;
    },
    staleTime: Infinity,
    retry: false,
  });
}

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Adds evidence (SPEC 8): a file, checked for size and type before a byte is sent, hashed in
 * the browser, uploaded with progress and its stored SHA-256 compared with the browser's; or a
 * web address or a testimony, as JSON.
 */
export function AddEvidence({
  incidentId,
  sources,
  onClose,
}: {
  incidentId: string;
  sources: readonly SourceView[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const limits = useUploadLimits();
  const narrow = useMediaQuery('(max-width: 36em)');
  const [mode, setMode] = useState<Mode>('file');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<Kind>('image');
  const [sourceId, setSourceId] = useState('');
  const [capturedAt, setCapturedAt] = useState('');
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState<FileRefusal | null>(null);
  const [browserHash, setBrowserHash] = useState<string | null | undefined>(undefined);
  const [progress, setProgress] = useState<number | null>(null);
  const [stored, setStored] = useState<Evidence | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const size = (bytes: number): string => formatBytes(bytes, i18n.language);
  const percent = (fraction: number): string =>
    new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(fraction);

  const choose = (chosen: File): void => {
    setProblem(null);
    setStored(null);
    setProgress(null);
    const refused = checkFile(chosen, limits.data);
    setRefusal(refused);
    if (refused) {
      setFile(null);
      setBrowserHash(undefined);
      return;
    }
    setFile(chosen);
    setKind(kindOfFile(chosen.type));
    setBrowserHash(undefined);
    void sha256Hex(chosen).then(setBrowserHash);
  };

  const refusalText = (refused: FileRefusal): string => {
    switch (refused.reason) {
      case 'empty':
        return t('upload.refusedEmpty');
      case 'too_large':
        return t('upload.refusedSize', { size: size(refused.size), limit: size(refused.limit) });
      case 'type':
        return t('upload.refusedType', { type: refused.type });
    }
  };

  const failure = (status: number, body: ApiError['body']): string => {
    if (status === 413) {
      return limits.data
        ? t('upload.tooLarge', { limit: size(limits.data.maxUploadBytes) })
        : t('upload.tooLargeUnknown');
    }
    if (status === 415) return t('upload.wrongType');
    if (body?.code === 'duplicate') return t('upload.duplicate', { message: body.message });
    return t('upload.failed', { message: body?.message ?? `HTTP ${status}` });
  };

  const done = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    setProblem(null);
    if (!description.trim()) return;
    const source = sourceId || undefined;
    const captured = capturedAt || undefined;
    setBusy(true);
    try {
      if (mode === 'file') {
        if (!file) return;
        setProgress(0);
        const result = await uploadEvidence(
          incidentId,
          file,
          { kind, description: description.trim(), sourceId: source, capturedAt: captured },
          setProgress,
        );
        if (!result.ok) {
          setProgress(null);
          setProblem(failure(result.status, result.body));
          return;
        }
        setProgress(1);
        setStored(result.evidence);
        await done();
        return;
      }
      if (mode === 'url' && !isHttpUrl(url.trim())) return;
      if (mode === 'testimony' && !text.trim()) return;
      const { error, response } = await api.POST('/api/v1/incidents/{id}/evidence', {
        params: { path: { id: incidentId } },
        body: {
          kind: mode,
          description: description.trim(),
          sourceId: source,
          capturedAt: captured,
          ...(mode === 'url' ? { url: url.trim() } : { text: text.trim() }),
        },
      });
      if (error) {
        setProblem(failure(response.status, apiError(response, error).body));
        return;
      }
      await done();
      onClose();
    } catch {
      setProgress(null);
      setProblem(t('upload.network'));
    } finally {
      setBusy(false);
    }
  };

  const descriptionError = touched && !description.trim() ? t('upload.descriptionRequired') : null;
  const limitLine = limits.data
    ? t('upload.limits', { size: size(limits.data.maxUploadBytes) })
    : limits.isError
      ? t('upload.limitsUnknown')
      : '';

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('upload.title')}
      size="lg"
      fullScreen={narrow}
      closeButtonProps={{ 'aria-label': t('upload.cancel') }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <SegmentedControl
            aria-label={t('upload.mode')}
            value={mode}
            onChange={(value) => {
              setMode(value);
              setProblem(null);
            }}
            disabled={busy || stored !== null}
            data={[
              { value: 'file', label: t('upload.modeFile') },
              { value: 'url', label: t('upload.modeUrl') },
              { value: 'testimony', label: t('upload.modeTestimony') },
            ]}
          />
          {mode === 'file' && !stored && (
            <>
              <FileDrop onFile={choose} describedBy="upload-limits" />
              <Text size="sm" c="gray.8" id="upload-limits">
                {limitLine}
              </Text>
              {refusal && (
                <Alert color="red" role="alert">
                  {refusalText(refusal)}
                </Alert>
              )}
              {file && (
                <Stack gap={4}>
                  <Text size="sm" fw={600}>
                    {t('upload.chosen', { name: file.name, size: size(file.size) })}
                  </Text>
                  {browserHash === undefined ? (
                    <Text size="sm" c="gray.8">
                      {t('upload.hashing')}
                    </Text>
                  ) : browserHash === null ? (
                    <Text size="sm">{t('upload.hashUnavailable')}</Text>
                  ) : (
                    <Text size="sm">
                      {t('upload.browserHash')}:{' '}
                      <Code data-testid="browser-sha256" style={{ wordBreak: 'break-all' }}>
                        {browserHash}
                      </Code>
                    </Text>
                  )}
                </Stack>
              )}
            </>
          )}
          {stored && <HashVerdict stored={stored} browserHash={browserHash ?? null} />}
          {progress !== null && !stored && (
            <Stack gap={4}>
              <Progress value={progress * 100} aria-label={t('upload.progressLabel')} />
              <Text size="sm" aria-live="polite">
                {t('upload.progress', { percent: percent(progress) })}
              </Text>
            </Stack>
          )}
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          {!stored && (
            <>
              {mode === 'url' && (
                <TextInput
                  label={t('upload.url')}
                  description={t('upload.urlHelp')}
                  required
                  type="url"
                  value={url}
                  onChange={(event) => setUrl(event.currentTarget.value)}
                  error={touched && !isHttpUrl(url.trim()) ? t('upload.urlInvalid') : null}
                  maxLength={2000}
                />
              )}
              {mode === 'testimony' && (
                <Textarea
                  label={t('upload.testimony')}
                  description={t('upload.testimonyHelp')}
                  required
                  autosize
                  minRows={4}
                  value={text}
                  onChange={(event) => setText(event.currentTarget.value)}
                  error={touched && !text.trim() ? t('upload.testimonyRequired') : null}
                />
              )}
              <Textarea
                label={t('upload.description')}
                description={t('upload.descriptionHelp')}
                required
                autosize
                minRows={2}
                value={description}
                onChange={(event) => setDescription(event.currentTarget.value)}
                error={descriptionError}
                maxLength={5000}
              />
              <SimpleGrid cols={{ base: 1, sm: mode === 'file' ? 3 : 2 }}>
                {mode === 'file' && (
                  <NativeSelect
                    label={t('upload.kind')}
                    value={kind}
                    onChange={(event) => setKind(event.currentTarget.value as Kind)}
                    data={FILE_KINDS.map((value) => ({
                      value,
                      label: t(`evidenceKind.${value}`),
                    }))}
                  />
                )}
                <NativeSelect
                  label={t('upload.source')}
                  value={sourceId}
                  onChange={(event) => setSourceId(event.currentTarget.value)}
                  data={[
                    { value: '', label: t('upload.noSource') },
                    ...sources.map((source) => ({
                      value: source.id,
                      label: sourceLabel(t, source),
                    })),
                  ]}
                />
                <TextInput
                  label={t('upload.capturedAt')}
                  type="date"
                  value={capturedAt}
                  onChange={(event) => setCapturedAt(event.currentTarget.value)}
                />
              </SimpleGrid>
              <Text size="xs" c="gray.8">
                {t('upload.sourceHelp')}
              </Text>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {stored ? t('actions.confirm') : t('upload.cancel')}
            </Button>
            {!stored && (
              <Button
                type="submit"
                loading={busy}
                disabled={mode === 'file' && (!file || browserHash === undefined)}
              >
                {mode === 'file'
                  ? t('upload.send')
                  : mode === 'url'
                    ? t('upload.sendUrl')
                    : t('upload.sendTestimony')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The browser's SHA-256 beside the service's: a match said plainly, a mismatch said loudly. */
export function HashVerdict({
  stored,
  browserHash,
}: {
  stored: Pick<Evidence, 'sha256' | 'originalFilename'>;
  browserHash: string | null;
}) {
  const { t } = useTranslation();
  const matches = browserHash !== null && browserHash === stored.sha256;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t('upload.uploaded', { name: stored.originalFilename ?? '' })}
      </Text>
      {browserHash && (
        <Text size="sm">
          {t('upload.browserHash')}:{' '}
          <Code data-testid="browser-sha256" style={{ wordBreak: 'break-all' }}>
            {browserHash}
          </Code>
        </Text>
      )}
      <Text size="sm">
        {t('upload.serverHash')}:{' '}
        <Code data-testid="server-sha256" style={{ wordBreak: 'break-all' }}>
          {stored.sha256}
        </Code>
      </Text>
      {browserHash === null ? (
        <Alert color="yellow" c="gray.9" role="note">
          {t('upload.hashUnavailable')}
        </Alert>
      ) : matches ? (
        <Alert color="green" c="gray.9" role="status">
          {t('upload.hashMatch')}
        </Alert>
      ) : (
        <Alert color="red" role="alert" variant="filled">
          {t('upload.hashMismatch')}
        </Alert>
      )}
    </Stack>
  );
}
