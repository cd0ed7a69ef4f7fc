import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../common/core.module';
import { AppConfig } from '../config/config';
import { IncidentsModule } from '../incidents/incidents.module';
import { FieldCipher } from '../crypto/field-cipher';
import { SourceKeyRotation } from './source-key-rotation';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';

@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [SourcesController],
  providers: [
    {
      provide: FieldCipher,
      useFactory: (config: AppConfig): FieldCipher =>
        new FieldCipher(config.dataEncryptionKey, config.dataEncryptionKeyPrevious),
      inject: [APP_CONFIG],
    },
    SourcesService,
    SourceKeyRotation,
  ],
  exports: [FieldCipher, SourceKeyRotation],
})
export class SourcesModule {}
