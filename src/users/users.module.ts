import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionCacheModule } from '../session-cache/session-cache.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, SessionCacheModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository],
  exports: [UsersService, UsersRepository],
})
export class UsersModule {}
