import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Opens transactions for services, which hold repositories and never the data source: the
 * work gets the transaction's manager and passes it to the repositories' methods.
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
