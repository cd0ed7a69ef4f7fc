import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';
import { SanctionsService } from '../sanctions/sanctions.service';
import { EXPORT_JOBS, JOBS, QUEUES, SANCTIONS_JOBS } from '../queues/queues';

/** Registers the periodic jobs; upserting is idempotent, so every worker may do it. */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.exports) private readonly exports: Queue,
    @InjectQueue(QUEUES.sanctions) private readonly sanctions: Queue,
    @InjectConfig() private readonly config: AppConfig,
    private readonly sanctionsService: SanctionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      'audit-checkpoint',
      { every: this.config.auditCheckpointEverySeconds * 1000 },
      { name: JOBS.auditCheckpoint, data: {} },
    );
    // Daily, at a quiet hour: re-hash every stored evidence file.
    await this.maintenance.upsertJobScheduler(
      'evidence-integrity',
      { pattern: '0 3 * * *', tz: 'UTC' },
      { name: JOBS.evidenceIntegrity, data: {} },
    );
    // Daily: what waits for each user (DIGEST_CRON, UTC).
    await this.maintenance.upsertJobScheduler(
      'daily-digest',
      { pattern: this.config.digestCron, tz: 'UTC' },
      { name: JOBS.digest, data: {} },
    );
    // Hourly: delete the files of exports past EXPORT_TTL.
    await this.exports.upsertJobScheduler(
      'export-cleanup',
      { pattern: '17 * * * *', tz: 'UTC' },
      { name: EXPORT_JOBS.cleanup, data: {} },
    );
    // Daily, when SANCTIONS_LIST_URL is set: fetch and import the Consolidated List.
    if (this.config.sanctionsListUrl) {
      await this.sanctions.upsertJobScheduler(
        'sanctions-fetch',
        { pattern: this.config.sanctionsFetchCron, tz: 'UTC' },
        { name: SANCTIONS_JOBS.fetch, data: {} },
      );
    } else {
      await this.sanctions.removeJobScheduler('sanctions-fetch');
    }
    // A re-screening a list version started goes on after a restart (or after Redis was away).
    await this.sanctionsService.resumeRescreens();
  }
}
