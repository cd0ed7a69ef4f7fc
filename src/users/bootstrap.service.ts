import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { UsersService } from './users.service';

/** What a newcomer reads at start when nobody can sign in yet. */
export const FIRST_ADMIN_HINT =
  'no user exists yet: create the first admin with ' +
  '`npm run cli -- create-user --email you@example.org --role admin` ' +
  '(in Docker: `docker compose exec api node dist/src/cli/cli.js create-user --email you@example.org --role admin`), ' +
  'or set ADMIN_EMAIL and ADMIN_PASSWORD and restart';

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
    if (!adminEmail || !adminPassword) {
      if (!(await this.users.anyUserExists())) this.logger.warn(FIRST_ADMIN_HINT);
      return;
    }
    if (await this.users.bootstrapAdmin(adminEmail, adminPassword)) {
      this.logger.info({ email: adminEmail }, 'created the first admin from ADMIN_EMAIL');
    }
  }
}
