import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import { useMe } from '../../app/use-session';
import { fieldErrors } from './reference-rules';
import { AdminsOnly } from './AdminsOnly';

export type ReferenceKind = 'regimes' | 'categories' | 'provisions';
const KINDS: ReferenceKind[] = ['regimes', 'categories', 'provisions'];

/** One row of any of the three lists, with the columns the screen shows. */
export interface ReferenceRow {
  code: string;
  name: string;
  resolution?: string;
  paragraph?: string | null;
  regime?: string;
  active: boolean;
  version: number;
}

async function listOf(kind: ReferenceKind): Promise<ReferenceRow[]> {
  if (kind === 'provisions') {
    const { data, error, response } = await api.GET('/api/v1/reference/provisions');
    if (error || !data) throw apiError(response, error);
    return data.map((item) => ({ ...item, name: item.summary }));
  }
  const { data, error, response } = await api.GET(`/api/v1/reference/${kind}`);
  if (error || !data) throw apiError(response, error);
  return data;
}

async function create(kind: ReferenceKind, values: Record<string, string>): Promise<void> {
  let result;
  if (kind === 'provisions') {
    result = await api.POST('/api/v1/reference/provisions', {
      body: {
        code: values.code,
        regime: values.regime,
        resolution: values.resolution,
        paragraph: values.paragraph || null,
        summary: values.name,
      },
    });
  } else if (kind === 'regimes') {
    result = await api.POST('/api/v1/reference/regimes', {
      body: { code: values.code, name: values.name, resolution: values.resolution },
    });
  } else {
    result = await api.POST('/api/v1/reference/categories', {
      body: { code: values.code, name: values.name },
    });
  }
  if (result.error) throw apiError(result.response, result.error);
}

async function update(
  kind: ReferenceKind,
  code: string,
  change: { name?: string; active?: boolean; version: number },
): Promise<void> {
  const params = { path: { code } };
  let result;
  if (kind === 'provisions') {
    const { name, ...rest } = change;
    result = await api.PATCH('/api/v1/reference/provisions/{code}', {
      params,
      body: name === undefined ? rest : { ...rest, summary: name },
    });
  } else if (kind === 'regimes') {
    result = await api.PATCH('/api/v1/reference/regimes/{code}', { params, body: change });
  } else {
    result = await api.PATCH('/api/v1/reference/categories/{code}', { params, body: change });
  }
  if (result.error) throw apiError(result.response, result.error);
}

/** UI.md 22: the regimes, categories and provisions incidents name, added and kept by admins. */
export function ReferencePage() {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = me.roles.includes('admin');
  if (!isAdmin) {
    return (
      <AdminsOnly title={t('admin.reference.title')} message={t('admin.reference.onlyAdmins')} />
    );
  }
  return (
    <Stack>
      <Title order={1}>{t('admin.reference.title')}</Title>
      <Text>{t('admin.reference.intro')}</Text>
      <Alert color="gray" role="note">
        {t('admin.reference.codesNote')}
      </Alert>
      {KINDS.map((kind) => (
        <ReferenceSection key={kind} kind={kind} />
      ))}
    </Stack>
  );
}

function ReferenceSection({ kind }: { kind: ReferenceKind }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<ReferenceRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = useQuery({ queryKey: ['admin', 'reference', kind], queryFn: () => listOf(kind) });
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['admin', 'reference', kind] }),
      client.invalidateQueries({ queryKey: ['reference', kind] }),
    ]);
  const toggle = useMutation({
    mutationFn: (row: ReferenceRow) =>
      update(kind, row.code, { active: !row.active, version: row.version }),
    onSuccess: async () => {
      setNotice(null);
      await refresh();
    },
    onError: async (error) => {
      setNotice(
        error instanceof ApiError && error.status === 409
          ? t('admin.reference.stale')
          : t('admin.reference.saveFailed', { message: error.message }),
      );
      await refresh();
    },
  });
  const title = t(`admin.reference.kinds.${kind}`);
  const provisions = kind === 'provisions';
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {title}
          </Title>
          <Button size="compact-sm" onClick={() => setAdding(true)}>
            {t(`admin.reference.add.${kind}`)}
          </Button>
        </Group>
        {notice && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {notice}
            </Text>
          </Alert>
        )}
        {rows.isError && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {t('admin.reference.loadFailed', { message: rows.error.message })}
            </Text>
          </Alert>
        )}
        {rows.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
        {rows.data && rows.data.length === 0 && <Text>{t('admin.reference.empty')}</Text>}
        {rows.data && rows.data.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.reference.code')}</Table.Th>
                  <Table.Th>
                    {provisions ? t('admin.reference.summary') : t('admin.reference.name')}
                  </Table.Th>
                  {provisions && <Table.Th>{t('admin.reference.resolution')}</Table.Th>}
                  {provisions && <Table.Th>{t('admin.reference.paragraph')}</Table.Th>}
                  {provisions && <Table.Th>{t('admin.reference.regime')}</Table.Th>}
                  <Table.Th>{t('admin.reference.state')}</Table.Th>
                  <Table.Th>{t('admin.reference.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.data.map((row) => (
                  <Table.Tr key={row.code}>
                    <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {row.code}
                    </Table.Th>
                    <Table.Td>{row.name}</Table.Td>
                    {provisions && <Table.Td>{row.resolution}</Table.Td>}
                    {provisions && <Table.Td>{row.paragraph ?? '—'}</Table.Td>}
                    {provisions && <Table.Td>{row.regime}</Table.Td>}
                    <Table.Td>
                      {row.active ? t('admin.reference.active') : t('admin.reference.inactive')}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={t('admin.reference.renameOf', { code: row.code })}
                          onClick={() => setRenaming(row)}
                        >
                          {t('admin.reference.rename')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={toggle.isPending && toggle.variables?.code === row.code}
                          aria-label={t(
                            row.active
                              ? 'admin.reference.deactivateOf'
                              : 'admin.reference.reactivateOf',
                            { code: row.code },
                          )}
                          onClick={() => toggle.mutate(row)}
                        >
                          {row.active
                            ? t('admin.reference.deactivate')
                            : t('admin.reference.reactivate')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {adding && <AddDialog kind={kind} onClose={() => setAdding(false)} onDone={refresh} />}
      {renaming && (
        <RenameDialog
          kind={kind}
          row={renaming}
          onClose={() => setRenaming(null)}
          onDone={refresh}
        />
      )}
    </Paper>
  );
}

function AddDialog({
  kind,
  onClose,
  onDone,
}: {
  kind: ReferenceKind;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const fields =
    kind === 'provisions'
      ? ['code', 'regime', 'resolution', 'paragraph', 'name']
      : kind === 'regimes'
        ? ['code', 'name', 'resolution']
        : ['code', 'name'];
  const save = useMutation({
    mutationFn: () => create(kind, values),
    onSuccess: async () => {
      await onDone();
      onClose();
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const errors = fieldErrors(error?.body?.details);
  const fieldOf = (field: string) =>
    field === 'name' && kind === 'provisions' ? 'summary' : field;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`admin.reference.add.${kind}`)}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {fields.map((field) => (
            <TextInput
              key={field}
              label={t(
                `admin.reference.${field === 'name' && kind === 'provisions' ? 'summary' : field}`,
              )}
              description={field === 'code' ? t(`admin.reference.codeHelp.${kind}`) : undefined}
              value={values[field] ?? ''}
              onChange={(event) => setValues({ ...values, [field]: event.currentTarget.value })}
              error={errors[fieldOf(field)]}
            />
          ))}
          {save.isError && (
            <Alert color="red" role="alert">
              <Text size="sm" c="red.9">
                {error?.body?.code === 'duplicate'
                  ? t('admin.reference.duplicate', { code: values.code ?? '' })
                  : t('admin.reference.saveFailed', { message: save.error.message })}
              </Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('admin.reference.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameDialog({
  kind,
  row,
  onClose,
  onDone,
}: {
  kind: ReferenceKind;
  row: ReferenceRow;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(row.name);
  const [base, setBase] = useState(row);
  const save = useMutation({
    mutationFn: () => update(kind, row.code, { name, version: base.version }),
    onSuccess: async () => {
      await onDone();
      onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409) {
        const current = (await listOf(kind)).find((item) => item.code === row.code);
        if (current) setBase(current);
      }
    },
  });
  const stale = save.error instanceof ApiError && save.error.status === 409;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('admin.reference.renameOf', { code: row.code })}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={kind === 'provisions' ? t('admin.reference.summary') : t('admin.reference.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          {save.isError && (
            <Alert color="red" role="alert">
              <Text size="sm" c="red.9">
                {stale
                  ? t('admin.reference.staleRename', { name: base.name })
                  : t('admin.reference.saveFailed', { message: save.error.message })}
              </Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {stale ? t('admin.reference.retry') : t('admin.reference.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
