import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { DownloadTickets } from './download-tickets';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { SessionCacheModule } from '../session-cache/session-cache.module';

@Module({
  imports: [PassportModule, JwtModule.register({}), AuditModule, UsersModule, SessionCacheModule],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy, LoginThrottle, DownloadTickets],
  exports: [DownloadTickets],
})
export class AuthModule {}
