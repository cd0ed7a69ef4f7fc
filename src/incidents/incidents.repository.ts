import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An incident as it was when a domain event about it happened. */
export interface IncidentAtEvent {
  incidentId: string;
  reference: string;
  incidentTitle: string;
  createdBy: string;
  /** The assignee at that moment: the last one assigned before it. */
  assigneeId: string | null;
  /** Who caused the event: the actor of the history row of that kind written at that moment. */
  actorId: string | null;
}

/**
 * SQL of `incidents` and `incident_history` that other features need (this feature owns both
 * tables). The incident list, intake and history readers keep theirs beside them in this folder.
 */
@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Facts as they were when an event happened, not when its job runs: the history rows of the
   * event's transaction share its now(). Null when the incident is gone.
   */
  async atEvent(
    incidentId: string,
    at: Date,
    historyKind: 'transition' | 'assigned',
  ): Promise<IncidentAtEvent | null> {
    const [row] = await this.dataSource.query<IncidentAtEvent[]>(
      `SELECT i.id AS "incidentId", i.reference, i.title AS "incidentTitle",
              i.created_by AS "createdBy",
              (SELECT (h.data->>'new')::uuid FROM incident_history h
                WHERE h.incident_id = i.id AND h.kind = 'assigned' AND h.at <= $2
                ORDER BY h.at DESC, h.id DESC LIMIT 1) AS "assigneeId",
              (SELECT h.actor_id FROM incident_history h
                WHERE h.incident_id = i.id AND h.kind = $3 AND h.at = $2
                ORDER BY h.id DESC LIMIT 1) AS "actorId"
         FROM incidents i
        WHERE i.id = $1`,
      [incidentId, at, historyKind],
    );
    return row ?? null;
  }
}
