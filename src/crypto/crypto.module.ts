import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../common/core.module';
import { AppConfig } from '../config/config';
import { AuditModule } from '../audit/audit.module';
import { FieldCipher } from './field-cipher';
import { SealedColumnRotation } from './sealed-column-rotation';

/** The field cipher under DATA_ENCRYPTION_KEY, and the re-sealing of columns after a rotation. */
@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: FieldCipher,
      useFactory: (config: AppConfig): FieldCipher =>
        new FieldCipher(config.dataEncryptionKey, config.dataEncryptionKeyPrevious),
      inject: [APP_CONFIG],
    },
    SealedColumnRotation,
  ],
  exports: [FieldCipher, SealedColumnRotation],
})
export class CryptoModule {}
