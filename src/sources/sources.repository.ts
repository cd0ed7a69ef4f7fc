import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Source } from './source.entity';

/** Whether a source is confidential, and who added it: all the evidence views need to know. */
export interface SourceStanding {
  id: string;
  confidential: boolean;
  createdBy: string;
}

/**
 * The SQL of `sources` (this feature owns the table). Fragments that other features compose
 * into their statements are in source-fragments.ts.
 */
@Injectable()
export class SourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(id: string, tx: EntityManager = this.dataSource.manager): Promise<Source | null> {
    return tx.getRepository(Source).findOneBy({ id });
  }

  async insert(tx: EntityManager, values: QueryDeepPartialEntity<Source>): Promise<void> {
    await tx.createQueryBuilder().insert().into(Source).values(values).execute();
  }

  /** Sets `values`, bumps the version and updatedAt, if the source is still at `version`. */
  async updateIf(
    tx: EntityManager,
    id: string,
    version: number,
    values: QueryDeepPartialEntity<Source>,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(Source)
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected !== 0;
  }

  /** Up to `take` sources of the incident, oldest first, after the keyset position. */
  async pageOf(
    incidentId: string,
    take: number,
    after?: { at: string; id: string },
  ): Promise<Source[]> {
    const builder = this.dataSource
      .getRepository(Source)
      .createQueryBuilder('s')
      .where('s.incident_id = :incidentId', { incidentId })
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(take);
    if (after) builder.andWhere('(s.created_at, s.id) > (:at, :id::uuid)', after);
    return builder.getMany();
  }

  async pseudonymTaken(tx: EntityManager, incidentId: string, pseudonym: string): Promise<boolean> {
    const taken = await tx.query<unknown[]>(
      'SELECT 1 FROM sources WHERE incident_id = $1 AND pseudonym = $2',
      [incidentId, pseudonym],
    );
    return taken.length > 0;
  }

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
