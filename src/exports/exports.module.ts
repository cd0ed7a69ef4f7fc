import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { ExportBuilder } from './export-builder';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [AuthModule, AuditModule, QueuesModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportBuilder],
  exports: [ExportsService, ExportBuilder],
})
export class ExportsModule {}
