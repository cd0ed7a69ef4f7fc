import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { useMe } from '../../../app/use-session';
import { AnchorLink } from '../../../ui/links';
import { editBlock } from './edit-rule';

type Incident = components['schemas']['IncidentDto'];

/** The detail page's way to the edit form, or why there is none. */
export function EditLink({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const me = useMe();
  if (incident.status !== 'intake') return null;
  const block = editBlock(incident, me);
  if (block) {
    return (
      <Text size="sm" c="gray.8" role="note">
        {t('incidentForm.cannotEdit.notCreator')}
      </Text>
    );
  }
  return (
    <Group>
      <AnchorLink to="/incidents/$incidentId/edit" params={{ incidentId: incident.id }} fw={600}>
        {t('incidentForm.edit')}
      </AnchorLink>
    </Group>
  );
}
