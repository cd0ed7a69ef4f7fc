import { Alert, Button, Group, MultiSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import {
  bodyProblem,
  Comment,
  commentLength,
  COMMENT_MAX_LENGTH,
  COUNTER_FROM,
  fieldErrors,
  inactiveMentions,
  MAX_MENTIONS,
} from './comment-rules';

export interface Colleague {
  id: string;
  name: string;
  roles: string[];
}

/**
 * Writes a comment and picks whom it tells, by name. Blank and over-long text is refused here,
 * in words, before anything is sent; a 400 from the server lands on the field it names.
 */
export function Composer({
  incidentId,
  colleagues,
  userName,
  onPosted,
}: {
  incidentId: string;
  /** Active users who can be told, the writer excepted (telling oneself tells nobody). */
  colleagues: Colleague[];
  userName: (id: string) => string;
  onPosted: (comment: Comment) => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [mentionsError, setMentionsError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const post = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/incidents/{id}/comments', {
        params: { path: { id: incidentId } },
        body: { body, mentions },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async (comment) => {
      setBody('');
      setMentions([]);
      setTried(false);
      setDone(true);
      await onPosted(comment);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || error.status !== 400) return;
      const details = error.body?.details;
      const inactive = inactiveMentions(details);
      const mentionMessages = fieldErrors(details, 'mentions');
      if (inactive.length > 0) {
        setMentionsError(t('comments.inactive', { names: inactive.map(userName).join(', ') }));
      } else if (mentionMessages.length > 0) {
        setMentionsError(mentionMessages.join('; '));
      }
      const bodyMessages = fieldErrors(details, 'body');
      if (bodyMessages.length > 0) setBodyError(bodyMessages.join('; '));
    },
  });

  const length = commentLength(body);
  const problem = bodyProblem(body);
  const localError =
    problem?.kind === 'tooLong'
      ? t('comments.tooLong', { count: problem.over })
      : tried && problem?.kind === 'blank'
        ? t('comments.blank')
        : null;
  // A 400 that is not about a field (or not a 400 at all) is said above the button.
  const unmapped =
    post.isError && !bodyError && !mentionsError
      ? t('comments.failed', {
          message:
            post.error instanceof ApiError
              ? (post.error.body?.message ?? post.error.message)
              : t('app.unavailable'),
        })
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setDone(false);
    if (problem || post.isPending) return;
    setBodyError(null);
    setMentionsError(null);
    post.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert color="yellow" c="gray.9" role="note">
          {t('comments.notice')}
        </Alert>
        <Textarea
          label={t('comments.body')}
          description={t('comments.bodyHelp')}
          rows={5}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setBodyError(null);
            setDone(false);
          }}
          error={localError ?? bodyError}
          aria-describedby={length >= COUNTER_FROM ? 'comment-counter' : undefined}
        />
        {length >= COUNTER_FROM && length <= COMMENT_MAX_LENGTH && (
          <Text id="comment-counter" size="sm" c="gray.8" aria-live="polite">
            {t('comments.left', { count: COMMENT_MAX_LENGTH - length })}
          </Text>
        )}
        <MultiSelect
          label={t('comments.mentions')}
          description={t('comments.mentionsHelp')}
          placeholder={mentions.length === 0 ? t('comments.mentionsSearch') : undefined}
          data={colleagues.map((colleague) => ({ value: colleague.id, label: colleague.name }))}
          value={mentions}
          onChange={(value) => {
            setMentions(value);
            setMentionsError(null);
          }}
          renderOption={({ option }) => {
            const colleague = colleagues.find((candidate) => candidate.id === option.value);
            return (
              <div>
                <Text size="sm">{option.label}</Text>
                {colleague && colleague.roles.length > 0 && (
                  <Text size="xs" c="gray.8">
                    {colleague.roles.map((role) => t(`roles.${role}`)).join(', ')}
                  </Text>
                )}
              </div>
            );
          }}
          searchable
          clearable
          hidePickedOptions
          maxValues={MAX_MENTIONS}
          nothingFoundMessage={t('comments.nobody')}
          error={mentionsError}
          comboboxProps={{ withinPortal: true }}
        />
        {unmapped && (
          <Alert color="red" role="alert">
            {unmapped}
          </Alert>
        )}
        <Group justify="space-between" align="center">
          <Text role="status" size="sm" c="gray.8">
            {done ? t('comments.done') : ''}
          </Text>
          <Button type="submit" loading={post.isPending}>
            {t('comments.post')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
