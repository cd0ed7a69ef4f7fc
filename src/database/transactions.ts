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

  /** The manager outside any transaction, for reads that need none. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
