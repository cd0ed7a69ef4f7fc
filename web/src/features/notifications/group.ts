import type { components } from '../../api/schema';

export type Notification = components['schemas']['NotificationDto'];

export interface NotificationGroup {
  /** null for what concerns no single incident (the digest). */
  incidentId: string | null;
  reference: string | null;
  items: Notification[];
}

/**
 * Notifications grouped by incident, each group where its newest notification falls in the
 * newest-first list; the order inside a group is kept.
 */
export function groupByIncident(items: readonly Notification[]): NotificationGroup[] {
  const groups = new Map<string | null, NotificationGroup>();
  for (const item of items) {
    let group = groups.get(item.incidentId);
    if (!group) {
      group = { incidentId: item.incidentId, reference: item.reference, items: [] };
      groups.set(item.incidentId, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
