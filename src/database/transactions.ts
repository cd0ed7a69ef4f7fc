import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Opens a transaction for a service that holds no DataSource: the work gets the transaction's
 * EntityManager and hands it to the repositories it calls (their methods take `tx`).
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs the work in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The manager outside any transaction, for reads that need none. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
