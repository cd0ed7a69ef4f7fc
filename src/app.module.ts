import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AccessGuard } from './common/access.guard';
import { CoreModule } from './common/core.module';
import { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { BootstrapService } from './users/bootstrap.service';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
          retryAttempts: 0,
        }),
        HealthModule,
        AuditModule,
        UsersModule,
        AuthModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }, BootstrapService],
    };
  }
}
