import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionCacheModule } from '../session-cache/session-cache.module';
import { PasswordResets } from './password-resets.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, SessionCacheModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordResets],
  exports: [UsersService, UsersRepository, PasswordResets],
})
export class UsersModule {}
