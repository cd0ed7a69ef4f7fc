import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { bareReference } from './screening-rules';

/** "Designated: KPe.001", linking to the designation: an actor confirmed as on the UN list. */
export function DesignatedBadge({ designationRef }: { designationRef: string }) {
  const { t } = useTranslation();
  const reference = bareReference(designationRef);
  return (
    <AnchorLink
      to="/sanctions/designations/$reference"
      params={{ reference }}
      underline="never"
      aria-label={t('sanctions.designated.label', { reference })}
    >
      <Badge color="red.9" variant="filled" style={{ cursor: 'pointer' }}>
        {t('sanctions.designated.badge', { reference })}
      </Badge>
    </AnchorLink>
  );
}
