import { Alert, Stack, Title } from '@mantine/core';

/**
 * What an admin screen shows anyone else: its title, and who to ask instead. Without a title,
 * the note alone, for an admin part of a screen others may read.
 */
export function AdminsOnly({ title, message }: { title?: string; message: string }) {
  const note = (
    <Alert color="gray" role="note">
      {message}
    </Alert>
  );
  if (!title) return note;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      {note}
    </Stack>
  );
}
