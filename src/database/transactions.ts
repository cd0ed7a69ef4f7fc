import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Opens transactions for services that hold repositories rather than the data source: the
 * service runs its work in one, and passes `tx` to each repository method that belongs to it.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Outside any transaction: each statement commits on its own. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The readiness probe: a round trip to the database. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
