import { Alert, Stack, Title } from '@mantine/core';

/** What an admin screen shows anyone else: its title, and who to ask instead. */
export function AdminsOnly({ title, message }: { title: string; message: string }) {
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Alert color="gray" role="note">
        {message}
      </Alert>
    </Stack>
  );
}
