import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { ReferenceModule } from '../reference/reference.module';
import { ExportBuilder } from './export-builder';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

@Module({
  imports: [AuthModule, AuditModule, QueuesModule, ReferenceModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportBuilder, ExportsRepository],
  exports: [ExportsService, ExportBuilder],
})
export class ExportsModule {}
