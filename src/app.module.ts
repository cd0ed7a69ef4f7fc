import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommentsModule } from './comments/comments.module';
import { AccessGuard } from './common/access.guard';
import { RateLimitGuard } from './common/rate-limit.guard';
import { infrastructure } from './infrastructure';
import { AppConfig } from './config/config';
import { EvidenceModule } from './evidence/evidence.module';
import { EvidencePartsModule } from './evidence/evidence-parts.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { IncidentsModule } from './incidents/incidents.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PublicModule } from './public/public.module';
import { QueuesAdminModule } from './queue-admin/queues-admin.module';
import { ReferenceModule } from './reference/reference.module';
import { SanctionsModule } from './sanctions/sanctions.module';
import { SourcesModule } from './sources/sources.module';
import { BootstrapService } from './users/bootstrap.service';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkflowModule } from './workflow/workflow.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...infrastructure(config, logger),
        // Provides what incidents and sources declare and evidence implements (decision 0009).
        EvidencePartsModule,
        HealthModule,
        AuditModule,
        UsersModule,
        AuthModule,
        ReferenceModule,
        WorkflowModule,
        IncidentsModule,
        SourcesModule,
        CommentsModule,
        PublicModule,
        EvidenceModule,
        ExportsModule,
        NotificationsModule,
        WebhooksModule,
        QueuesAdminModule,
        SanctionsModule,
        // APP_ROLE=all runs the processors in this process too.
        ...(config.appRole === 'all' ? [JobsModule] : []),
      ],
      providers: [
        // Order matters: the rate limit needs to know who the caller is.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        BootstrapService,
      ],
    };
  }
}
