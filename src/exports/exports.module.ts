import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { ExportBuilder } from './export-builder';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [AuditModule, QueuesModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportBuilder],
  exports: [ExportsService, ExportBuilder],
})
export class ExportsModule {}
