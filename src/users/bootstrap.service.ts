import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { UsersService } from './users.service';

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists yet. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    if (await this.users.bootstrapAdmin(adminEmail, adminPassword)) {
      this.logger.info({ email: adminEmail }, 'created the first admin from ADMIN_EMAIL');
    }
  }
}
