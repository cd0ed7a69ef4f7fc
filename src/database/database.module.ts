import { Global, Module } from '@nestjs/common';
import { Transactions } from './transactions';

/** What every feature may use of the database beyond its own repositories: transactions. */
@Global()
@Module({ providers: [Transactions], exports: [Transactions] })
export class DatabaseModule {}
