import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Whether a source is confidential, and who added it: all the evidence views need to know. */
export interface SourceStanding {
  id: string;
  confidential: boolean;
  createdBy: string;
}

/** The SQL of `sources` that other features need (this feature owns the table). */
@Injectable()
export class SourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async belongsTo(tx: EntityManager, sourceId: string, incidentId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM sources WHERE id = $1 AND incident_id = $2',
      [sourceId, incidentId],
    );
    return rows.length > 0;
  }

  standing(ids: string[]): Promise<SourceStanding[]> {
    return this.dataSource.query<SourceStanding[]>(
      `SELECT id, confidential, created_by AS "createdBy" FROM sources WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
