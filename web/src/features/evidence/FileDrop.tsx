import { Button, FileButton, Paper, Stack, Text } from '@mantine/core';
import { DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A drop zone for one file that the keyboard can use too: the button opens the browser's own
 * file picker; dropping a file anywhere on the zone does the same as choosing it.
 * (@mantine/dropzone needs Node 22.)
 */
export function FileDrop({
  onFile,
  describedBy,
}: {
  onFile: (file: File) => void;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const accept = (event: DragEvent): void => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  return (
    <Paper
      withBorder
      p="lg"
      data-testid="file-drop"
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file) onFile(file);
      }}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-color-indigo-8)' : 'var(--mantine-color-gray-6)',
        background: over ? 'var(--mantine-color-indigo-0)' : undefined,
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={600}>{over ? t('upload.dropActive') : t('upload.drop')}</Text>
        <FileButton onChange={(file) => file && onFile(file)}>
          {(props) => (
            <Button variant="default" aria-describedby={describedBy} {...props}>
              {t('upload.choose')}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Paper>
  );
}
